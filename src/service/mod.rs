//! The trainer service: the attempt lifecycle every learner-facing shell drives.
