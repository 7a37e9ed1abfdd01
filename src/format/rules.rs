//! Every diagnostic canteen gives an author, with a stable code to search the docs for.
//!
//! Codes never change meaning; retired codes are not reused. `docs/authoring.md` documents
//! each one, and a test keeps the two lists equal.

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something canteen accepted and put right, said so the author knows.
    Note,
    Warning,
    Error,
}

macro_rules! rules {
    ($($rule:ident = $code:literal, $severity:ident, $summary:literal;)*) => {
        /// A validation rule.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Rule {
            $($rule,)*
        }

        impl Rule {
            /// Every rule, in code order.
            pub const ALL: &'static [Rule] = &[$(Rule::$rule,)*];

            /// The stable code, e.g. `CT013`.
            pub fn code(self) -> &'static str {
                match self {
                    $(Rule::$rule => $code,)*
                }
            }

            /// Error or warning.
            pub fn severity(self) -> Severity {
                match self {
                    $(Rule::$rule => Severity::$severity,)*
                }
            }

            /// One line saying what the rule checks.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Rule::$rule => $summary,)*
                }
            }
        }
    };
}

rules! {
    Syntax = "CT001", Error, "the file is not valid RON";
    UnknownField = "CT002", Error, "a field canteen does not know";
    MissingField = "CT003", Error, "a required field is missing";
    FormatVersion = "CT004", Error, "a format version canteen cannot read";
    Unreadable = "CT005", Error, "the file cannot be read";
    DuplicateScenario = "CT010", Error, "two scenarios share an id";
    DuplicateScene = "CT011", Error, "two scenes or endings share an id";
    DuplicateChoice = "CT012", Error, "two choices share an id";
    DanglingTarget = "CT013", Error, "a choice, draw or start names a scene that does not exist";
    UnknownPrinciple = "CT014", Error, "an effect names a principle not in the catalogue";
    EmptyText = "CT015", Error, "a text that must be written is empty";
    MissingFeedback = "CT016", Error, "a choice has no feedback";
    NoEffect = "CT017", Warning, "a choice scores no principle";
    NextOrChance = "CT018", Error, "a choice needs exactly one of `next` or `chance`";
    FewChoices = "CT019", Warning, "a decision offers only one choice";
    DeadEnd = "CT020", Error, "a scene has no choices and is not an ending";
    BadId = "CT021", Error, "an id uses characters other than lowercase letters, digits and hyphens";
    PassMarkRange = "CT022", Error, "the pass mark is not between 0 and 100";
    BadChance = "CT023", Error, "a chance draw needs two or more outcomes with positive weights";
    BadTimer = "CT024", Error, "a timer needs a positive number of seconds";
    TooManyFlags = "CT025", Error, "the scenario uses more flags than canteen can track";
    EffectRange = "CT026", Warning, "a score effect is zero or outside -5 to +5";
    UnknownRole = "CT027", Warning, "a role not in the roles catalogue";
    FileName = "CT028", Warning, "the file name does not match the scenario id";
    TooManyStates = "CT029", Error, "too many combinations of scene and flags to analyse";
    Unreachable = "CT030", Warning, "a scene cannot be reached from the start";
    NoWayOut = "CT031", Error, "no ending can be reached from a scene or loop";
    EndingUnreached = "CT032", Warning, "an ending can never be reached";
    NothingOffered = "CT033", Error, "a scene can be reached with flags under which no choice is offered";
    NeverOffered = "CT034", Warning, "a choice is never offered where its scene is reached";
    FlagNeverSet = "CT035", Warning, "a flag is tested but never set";
    FlagNeverTested = "CT036", Warning, "a flag is set but never tested";
    ScoringLoop = "CT037", Error, "a choice on a loop scores points, so a learner could go round for more";
    PassMarkUnreachable = "CT040", Error, "the best path cannot reach the pass mark";
    BestPathFails = "CT041", Error, "the best path does not pass";
    OnlyBreached = "CT042", Warning, "a principle can only be breached, never upheld";
    CriticalWithoutBreach = "CT043", Warning, "a critical choice breaches no principle";
    ExpectationFailed = "CT050", Error, "an author expectation does not hold";
    ExpectationPath = "CT051", Error, "an expectation's path cannot be played";
    MissingVerdict = "CT070", Warning, "a choice has no verdict";
    DefensiblePathFails = "CT071", Error, "a path of Best and Defensible choices fails";
    VerdictAgainstScore = "CT072", Error, "a Breach earns points overall, or a Best loses some";
    TimeoutFails = "CT073", Error, "a timed-out consequence alone fails an otherwise passing path";
    GreyNotDefensible = "CT074", Warning, "feedback and verdict disagree on whether a choice is grey";
    ScoresTwice = "CT075", Error, "a choice that scores can be taken a second time in one attempt";
    UnknownSource = "CT080", Error, "a citation names a source not in the sources catalogue";
    SourceNotForAudience = "CT081", Error, "a cited source binds none of the scenario's roles";
    SourceReviewDue = "CT082", Warning, "a cited source is past the date by which it must be checked again";
    UnknownPlaceholder = "CT084", Error, "a `{trust.…}` placeholder names nothing in the trust profile";
    NoGovernance = "CT085", Warning, "a scenario does not say who reviewed it and when it is due for review";
    ReviewOverdue = "CT086", Warning, "a scenario is past its review-by date";
    RunOnText = "CT090", Error, "a raw text is not closed with `\"#`, or not at all";
    LineEndings = "CT091", Note, "Windows line endings (CRLF) were read as ordinary ones";
    ByteOrderMark = "CT092", Note, "a byte-order mark at the start of the file was left out";
    StrayCharacter = "CT093", Error, "a curly quote, special space or dash outside a text";
    Encoding = "CT094", Error, "the file is not saved as UTF-8";
    QuoteInText = "CT095", Error, "a text contains a `\"` that ends it early";
    PercentSign = "CT096", Error, "a number is written with a % sign";
    DecimalNumber = "CT097", Error, "a number that must be whole has a decimal point";
    UnpairedBracket = "CT098", Error, "a bracket closes nothing, or is never closed";
    ControlCharacter = "CT099", Error, "the file holds a control character, such as an escape code";
}

impl Rule {
    /// Finds a rule by its code.
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_ordered() {
        let codes: Vec<_> = Rule::ALL.iter().map(|r| r.code()).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
        assert_eq!(Rule::from_code("CT013"), Some(Rule::DanglingTarget));
    }
}
