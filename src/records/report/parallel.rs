//! Tallying on every core. Records are read in order on the caller's thread, in batches of
//! about a megabyte of JSON text; each batch is parsed and tallied on a worker thread, and the
//! batches' tallies are added together in the order they were read, so the report is the one
//! [`Tally::add`] gives record by record. Batches in flight are bounded, so memory stays flat
//! however many records there are.
//!
//! An attempt counted once is counted once whichever batches it appears in: a batch holding
//! an attempt an earlier batch already counted is added again record by record.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, mpsc};

use super::counted::Counted;
use super::tally::Tally;

/// Text in a batch before it goes to a worker.
const BATCH_BYTES: usize = 256 << 10;

/// A record that could not be read: where it was (`O`: the caller's way of saying where a
/// record was read, a file and its line say), the caller's label for it (an attempt id
/// from a store's own column, say), and why, with serde_json's line within the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused<O> {
    pub origin: O,
    pub label: String,
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

#[derive(Debug)]
struct Item<O> {
    body: Range<usize>,
    label: Range<usize>,
    origin: O,
}

#[derive(Debug)]
struct Batch<O> {
    seq: u64,
    text: String,
    items: Vec<Item<O>>,
}

impl<O> Batch<O> {
    fn with_room() -> Batch<O> {
        Batch {
            seq: 0,
            text: String::with_capacity(BATCH_BYTES + BATCH_BYTES / 4),
            items: Vec::with_capacity(4096),
        }
    }
}

impl<O: Copy> Batch<O> {
    fn tally(&self, individual: bool, source: &(dyn Fn(O) -> String + Sync)) -> Done<O> {
        let mut tally = Tally::new(individual);
        for item in &self.items {
            let text = self.text.get(item.body.clone()).unwrap_or_default();
            match Counted::parse(text) {
                Ok(r) => {
                    let from = if individual {
                        source(item.origin)
                    } else {
                        String::new()
                    };
                    tally.add(&r, &from);
                }
                Err(e) => return Err(self.refused(item, &e)),
            }
        }
        Ok(tally)
    }

    fn refused(&self, item: &Item<O>, e: &serde_json::Error) -> Refused<O> {
        let text = e.to_string();
        let reason = match text.rfind(" at line ") {
            Some(i) => text[..i].to_string(),
            None => text,
        };
        Refused {
            origin: item.origin,
            label: self
                .text
                .get(item.label.clone())
                .unwrap_or_default()
                .to_string(),
            line: e.line(),
            column: e.column(),
            reason,
        }
    }
}

type Done<O> = Result<Tally, Refused<O>>;

/// What the reader hands records to; see [`tally_on_every_core`].
pub struct Feed<'a, O> {
    batch: Batch<O>,
    next: u64,
    to_workers: mpsc::SyncSender<Batch<O>>,
    /// Batches the merger is done with, to fill again rather than allocate.
    spare: mpsc::Receiver<Batch<O>>,
    /// The first batch (in reading order) with a refused record; none is read past it.
    refused: &'a AtomicU64,
}

impl<O> Feed<'_, O> {
    /// Adds one record's JSON text, read at `origin`, with a label for it should it be
    /// refused. Returns false once a record has been refused, so the reader can stop.
    pub fn push(&mut self, body: &str, label: &str, origin: O) -> bool {
        if self.refused.load(Ordering::Relaxed) != u64::MAX {
            return false;
        }
        let b = &mut self.batch;
        let start = b.text.len();
        b.text.push_str(body);
        b.text.push_str(label);
        b.items.push(Item {
            body: start..start + body.len(),
            label: start + body.len()..b.text.len(),
            origin,
        });
        if b.text.len() >= BATCH_BYTES {
            return self.send();
        }
        true
    }

    fn send(&mut self) -> bool {
        let empty = match self.spare.try_recv() {
            Ok(mut b) => {
                b.text.clear();
                b.items.clear();
                b
            }
            Err(_) => Batch::with_room(),
        };
        let mut batch = std::mem::replace(&mut self.batch, empty);
        batch.seq = self.next;
        self.next += 1;
        self.to_workers.send(batch).is_ok()
    }
}

/// Tallies every record `read` pushes into the feed, parsing them on every core. Returns the
/// reader's own error if it fails, else the tally, or the first record (in reading order)
/// that could not be read. `source` names an origin for the report's individual rows.
pub fn tally_on_every_core<O: Copy + Send + Sync, E: Send>(
    individual: bool,
    source: &(dyn Fn(O) -> String + Sync),
    read: impl FnOnce(&mut Feed<'_, O>) -> Result<(), E>,
) -> Result<Done<O>, E> {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 8));
    let refused = AtomicU64::new(u64::MAX);
    let (to_workers, batches) = mpsc::sync_channel::<Batch<O>>(workers);
    let batches = Mutex::new(batches);
    let (to_merger, results) = mpsc::channel::<(Batch<O>, Done<O>)>();
    let (to_reader, spare) = mpsc::sync_channel::<Batch<O>>(workers * 2 + 2);
    std::thread::scope(|s| {
        for _ in 0..workers {
            let to_merger = to_merger.clone();
            let (batches, refused) = (&batches, &refused);
            s.spawn(move || {
                // Batches are taken until the reader is done, so it never waits on a worker
                // that has stopped; those read past a refused record are passed over.
                loop {
                    let next = match batches.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(batch) = next else { return };
                    if batch.seq > refused.load(Ordering::Relaxed) {
                        continue;
                    }
                    let done = batch.tally(individual, source);
                    if done.is_err() {
                        refused.fetch_min(batch.seq, Ordering::Relaxed);
                    }
                    let _ = to_merger.send((batch, done));
                }
            });
        }
        drop(to_merger);
        let merger = s.spawn(|| merge(results, &to_reader, individual, source));
        let mut feed = Feed {
            batch: Batch::with_room(),
            next: 0,
            to_workers,
            spare,
            refused: &refused,
        };
        let read = read(&mut feed);
        if !feed.batch.items.is_empty() {
            feed.send();
        }
        drop(feed);
        let merged = merger
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        read.map(|()| merged)
    })
}

/// Adds the batches' tallies in reading order, stopping at the first refused record. Every
/// batch before that one is tallied, so it is always reached.
fn merge<O: Copy>(
    results: mpsc::Receiver<(Batch<O>, Done<O>)>,
    to_reader: &mpsc::SyncSender<Batch<O>>,
    individual: bool,
    source: &(dyn Fn(O) -> String + Sync),
) -> Done<O> {
    let mut total = Tally::new(individual);
    let mut waiting: BTreeMap<u64, (Batch<O>, Done<O>)> = BTreeMap::new();
    let mut next = 0;
    for (batch, done) in results {
        waiting.insert(batch.seq, (batch, done));
        while let Some((batch, done)) = waiting.remove(&next) {
            next += 1;
            let tally = done?;
            if tally.attempts().any(|a| total.has_seen(a)) {
                // An attempt read again across batches: counted once, record by record.
                for item in &batch.items {
                    let text = batch.text.get(item.body.clone()).unwrap_or_default();
                    let r = Counted::parse(text).map_err(|e| batch.refused(item, &e))?;
                    let from = if individual {
                        source(item.origin)
                    } else {
                        String::new()
                    };
                    total.add(&r, &from);
                }
            } else {
                total.absorb(tally);
            }
            let _ = to_reader.try_send(batch);
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, scenario: &str, overall: u32) -> String {
        format!(
            r#"{{"attempt_id":"{id}","scenario_id":"{scenario}","scenario_title":"T {scenario}","learner":"L{overall}","finished_at":"2026-01-01T09:00:00Z","overall":{overall},"passed":{},"steps":[{{"scene":"a","choice":"c{}"}}],"critical":[],"principles":[{{"id":"p","name":"P","percent":{overall}}}]}}"#,
            overall >= 50,
            overall % 3
        )
    }

    fn one_by_one(texts: &[String]) -> String {
        let mut t = Tally::new(true);
        for (i, text) in texts.iter().enumerate() {
            t.add(&Counted::parse(text).unwrap(), &format!("f:{}", i + 1));
        }
        format!("{:?}", t.finish(|_| None, 10))
    }

    fn on_every_core(texts: &[String]) -> Result<String, Refused<usize>> {
        let name = |line: usize| format!("f:{line}");
        let done = tally_on_every_core::<usize, ()>(true, &name, |feed| {
            for (i, text) in texts.iter().enumerate() {
                feed.push(text, "", i + 1);
            }
            Ok(())
        })
        .unwrap();
        done.map(|t| format!("{:?}", t.finish(|_| None, 10)))
    }

    /// Many batches, duplicates within and across them: the same report as one by one.
    #[test]
    fn the_report_is_the_same_as_adding_one_record_at_a_time() {
        let mut texts: Vec<String> = (0..12_000)
            .map(|i| record(&format!("id-{i}"), ["x", "y", "z"][i % 3], (i % 101) as u32))
            .collect();
        texts.push(texts[5].clone());
        texts.push(texts[11_000].clone());
        texts.insert(3, texts[11_500].clone());
        assert_eq!(on_every_core(&texts).unwrap(), one_by_one(&texts));
        assert!(one_by_one(&texts).contains("duplicates: 3"));
    }

    /// The first bad record in reading order is the one named, however the work was split.
    #[test]
    fn the_first_refused_record_is_named() {
        let mut texts: Vec<String> = (0..9_000)
            .map(|i| record(&format!("id-{i}"), "x", 60))
            .collect();
        texts[4_000] = r#"{"attempt_id":"bad"}"#.to_string();
        texts[8_000] = "not json".to_string();
        let refused = on_every_core(&texts).unwrap_err();
        assert_eq!(refused.origin, 4_001);
        assert!(refused.reason.contains("missing field"), "{refused:?}");
    }
}
