//! The screen drawn into a test terminal and compared with reviewed snapshots: the wide
//! layout with the clonus article open, the narrow layout, the too-small message and the
//! help overlay. Keys go through the real keymap, as they would from a terminal.

use crate::support;
use std::sync::Arc;

use curbside::tui::app::App;
use curbside::tui::panes;
use curbside::tui::theme::Theme;
use curbside_core::corpus;
use curbside_core::index::Engine;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn app(columns: u16, rows: u16) -> App {
    let corpus =
        corpus::load_dir(&support::fixtures().join("articles"), "builtin").expect("fixture corpus is valid");
    let engine = Engine::in_ram(&corpus.articles).expect("fixture index builds");
    App::new(Arc::new(engine), (columns, rows)).with_theme(Theme::monochrome())
}

fn press(app: &mut App, code: KeyCode) {
    app.key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn render(app: &App) -> String {
    let (columns, rows) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(columns, rows)).expect("a test terminal never fails");
    terminal
        .draw(|frame| panes::draw(frame, app))
        .expect("drawing into memory never fails");
    terminal.backend().to_string()
}

/// Asks the clonus question and walks to its second citation.
fn clonus_open(app: &mut App) {
    type_text(app, "what causes clonus");
    press(app, KeyCode::Enter);
    press(app, KeyCode::Char(']'));
    press(app, KeyCode::Char(']'));
}

#[test]
fn wide_layout_with_the_clonus_article_open() {
    let mut app = app(140, 40);
    clonus_open(&mut app);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn narrow_layout_shows_the_answer_and_one_side_column() {
    let mut app = app(90, 30);
    clonus_open(&mut app);
    // Tab from the answer reaches the side column: Results first, then References.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn a_terminal_too_small_asks_to_be_enlarged() {
    let app = app(50, 12);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn help_overlay_lists_the_keys() {
    let mut app = app(140, 40);
    clonus_open(&mut app);
    press(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!(render(&app));
}

#[test]
fn the_ask_bar_shows_the_follow_up_context_until_it_is_dropped() {
    let mut app = app(140, 40);
    clonus_open(&mut app);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "how is it treated?");
    let screen = render(&app);
    assert!(screen.contains("follow-up on: Clonus"), "{screen}");
    app.key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL));
    assert!(!render(&app).contains("follow-up on:"));
}

#[test]
fn the_readme_keys_table_is_the_keymap() {
    let readme = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md is in the checkout");
    let table = curbside::tui::keymap::Keymap::default().markdown();
    assert!(
        readme.contains(&table),
        "README.md's key table differs from the keymap; paste this in:\n{table}"
    );
}

/// At 80×24, the smallest common terminal: the article with its references beside it,
/// and the results while typing with the highlighted one previewed. Every title fits.
#[test]
fn at_80_columns_the_article_and_its_references() {
    let mut app = app(80, 24);
    clonus_open(&mut app);
    let screen = render(&app);
    assert!(
        screen.contains("Results · Refs · Rel") || screen.contains("Res · References · Rel"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn at_80_columns_the_results_while_typing_with_a_preview() {
    let mut app = app(80, 24);
    type_text(&mut app, "clonus");
    press(&mut app, KeyCode::Down);
    let screen = render(&app);
    assert!(screen.contains("preview"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn at_80_columns_the_help_overlay() {
    let mut app = app(80, 24);
    press(&mut app, KeyCode::F(1));
    insta::assert_snapshot!(render(&app));
}

#[test]
fn the_find_bar_takes_the_typing_and_the_answer_says_where_the_match_is() {
    let mut app = app(140, 40);
    clonus_open(&mut app);
    app.key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL));
    type_text(&mut app, "clonus");
    let screen = render(&app);
    assert!(screen.contains("Find: clonus"), "{screen}");
    assert!(screen.contains("“clonus” 1/"), "{screen}");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('n'));
    let screen = render(&app);
    assert!(screen.contains("“clonus” 2/"), "{screen}");
    press(&mut app, KeyCode::Esc);
    assert!(!render(&app).contains("“clonus”"));
}

/// A message too long for the bottom bar wraps onto a second row, file names whole (at
/// 100 columns the settings notice lost the name it moved the file to); one too long
/// for three rows ends in "…".
#[test]
fn a_long_message_wraps_in_the_bottom_bar_and_a_cut_one_ends_with_an_ellipsis() {
    let mut app = app(100, 30);
    let notice = "/tmp/x/settings.toml line 1: invalid basic string, expected `\"`. Moved to \
                  settings.toml.damaged-1796220000; starting afresh.";
    app.status = Some(curbside::tui::app::BarMessage {
        text: notice.to_string(),
        error: true,
    });
    let screen = render(&app);
    let bottom: Vec<&str> = screen.lines().rev().take(2).collect();
    let said: String = bottom
        .iter()
        .rev()
        .map(|l| l.trim_matches(['"', ' ']))
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(said, notice, "{screen}");
    app.status = Some(curbside::tui::app::BarMessage {
        text: "a word ".repeat(60),
        error: false,
    });
    let screen = render(&app);
    let last = screen.lines().last().unwrap_or_default();
    assert!(last.trim_end_matches(['"', ' ']).ends_with('…'), "{screen}");
}

/// The help overlay wraps what a key does beside its keys, never cutting it off (at
/// 140 columns "previous result (previewed; Enter opens" lost "it)").
#[test]
fn the_help_overlay_wraps_what_a_key_does() {
    let mut app = app(140, 40);
    press(&mut app, KeyCode::F(1));
    let screen = render(&app);
    let at = screen
        .lines()
        .position(|l| l.contains("previous result (previewed; Enter opens"))
        .expect("the help shows the Ask bar's keys");
    let next = screen.lines().nth(at + 1).unwrap_or_default();
    assert!(next.contains("  it)  "), "{screen}");
    for width in [40, 61, 68, 100] {
        let lines = curbside::tui::panes::help::lines(&app, width);
        let widest = lines.iter().map(ratatui::text::Line::width).max().unwrap_or(0);
        assert!(widest < width, "{width}: a line of {widest} columns");
        let text: String = lines.iter().map(|l| l.to_string() + " ").collect();
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        for (_, rows) in app.keymap.help() {
            for (_, help) in rows {
                let all = words(&text).join(" ");
                assert!(all.contains(&words(help).join(" ")), "{width}: {help}");
            }
        }
    }
}
