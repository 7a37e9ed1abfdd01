//! Rendering the decision screen at 120x40. Target (issue 3): under 1 ms per frame.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark or test that cannot do its work should stop"
)]

/// Measured with the allocator the `canteen` binary runs on.
#[global_allocator]
static ALLOCATOR: canteen::Allocator = canteen::Allocator;

use std::time::Duration;

use canteen::library::{Library, Pack};
use canteen::present::theme::{Theme, ThemeName};
use canteen::records::Learner;
use canteen::terminal::app::{App, Moment, Msg};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn bench(c: &mut Criterion) {
    let library = Library::load(&Pack::Shipped);
    let mut app = App::new(library, Theme::new(ThemeName::Default, false), 3).with_records(
        Learner {
            name: "A. Learner".into(),
            asked: true,
            untimed: false,
        },
        vec![],
        vec![],
    );
    let at = Moment {
        mono: Duration::ZERO,
        wall: jiff::Timestamp::UNIX_EPOCH,
    };
    // The longest shipped scenario text makes the heaviest frame: open the last in the list.
    app.update(
        Msg::Key(KeyEvent::new(KeyCode::End, KeyModifiers::NONE)),
        at,
    );
    app.update(
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        at,
    );
    app.size = (120, 40);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    c.bench_function("render decision screen 120x40", |b| {
        b.iter(|| {
            terminal
                .draw(|f| f.render_widget(&app, f.area()))
                .expect("drawing succeeds")
                .area
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
