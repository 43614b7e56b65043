//! The one key table: every binding with its default keys, the pane it belongs to and the
//! words the help overlay and hint bar show, so help and handling never disagree.
//! A key is looked up in the focused pane first, then globally.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::focus::Focus;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere, even while typing or with an overlay open.
    Always,
    /// While the help or a reference overlay is open (nothing else is then).
    Overlay,
    /// While the bookmarks list is open.
    Bookmarks,
    /// In the find bar, while typing what to find in the answer.
    Find,
    /// In the Ask bar, while typing.
    Ask,
    Results,
    Answer,
    References,
    Related,
    /// Anywhere but the Ask bar, after the focused pane's own keys.
    Global,
    /// While the window is too small to show the panes: only these keys act, so that
    /// nothing changes where it cannot be seen.
    TooSmall,
}

impl Scope {
    pub fn title(self) -> &'static str {
        match self {
            Scope::Always => "Anywhere",
            Scope::Overlay => "Help and reference overlays",
            Scope::Bookmarks => "Bookmarks list",
            Scope::Find => "Find bar (typing)",
            Scope::Ask => "Ask bar (typing)",
            Scope::Results => "Results",
            Scope::Answer => "Answer",
            Scope::References => "References",
            Scope::Related => "Related and follow-ups",
            Scope::Global => "Outside the Ask bar",
            Scope::TooSmall => "Window too small",
        }
    }

    fn of(focus: Focus) -> Scope {
        match focus {
            Focus::Ask => Scope::Ask,
            Focus::Results => Scope::Results,
            Focus::Answer => Scope::Answer,
            Focus::References => Scope::References,
            Focus::Related => Scope::Related,
        }
    }
}

/// A key a binding answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// One key with these modifiers (Shift is ignored for characters, which carry it).
    Press(KeyCode, KeyModifiers),
    /// Any printable character typed without Ctrl or Alt.
    Text,
    /// A digit 1-9.
    Digit,
}

/// What a binding does when its key is pressed.
#[derive(Debug, Clone, PartialEq)]
pub enum Does {
    Act(Action),
    /// Types the character pressed.
    Type,
    /// Acts on the number of the digit pressed.
    Number,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub scope: Scope,
    pub keys: Vec<Key>,
    pub does: Does,
    /// What the help overlay says the binding does.
    pub help: &'static str,
    /// The word the bottom hint bar shows, for the few bindings it lists.
    pub hint: Option<&'static str>,
}

/// All bindings, in the order help lists them.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

fn key(c: char) -> Key {
    Key::Press(KeyCode::Char(c), KeyModifiers::NONE)
}

fn ctrl(c: char) -> Key {
    Key::Press(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn code(code: KeyCode) -> Key {
    Key::Press(code, KeyModifiers::NONE)
}

fn alt(code: KeyCode) -> Key {
    Key::Press(code, KeyModifiers::ALT)
}

impl Default for Keymap {
    fn default() -> Self {
        use Action as A;
        use KeyCode as K;
        use Scope as S;
        let bind = |scope, keys: Vec<Key>, action: Action, help, hint| Binding {
            scope,
            keys,
            does: Does::Act(action),
            help,
            hint,
        };
        // Lists, the answer and the overlays share movement keys.
        let moves = |scope: Scope| {
            vec![
                bind(scope, vec![key('k'), code(K::Up)], A::Up, "up", None),
                bind(scope, vec![key('j'), code(K::Down)], A::Down, "down", None),
                bind(scope, vec![code(K::PageUp)], A::PageUp, "page up", None),
                bind(
                    scope,
                    vec![code(K::PageDown), key(' ')],
                    A::PageDown,
                    "page down",
                    None,
                ),
                bind(scope, vec![key('g'), code(K::Home)], A::Top, "first", None),
                bind(scope, vec![key('G'), code(K::End)], A::Bottom, "last", None),
            ]
        };
        let mut bindings = vec![
            bind(S::Always, vec![ctrl('c')], A::Quit, "quit", None),
            bind(S::Always, vec![code(K::F(1))], A::Help, "help", None),
            bind(
                S::Always,
                vec![ctrl('z')],
                A::Suspend,
                "suspend to the shell (fg resumes)",
                None,
            ),
            bind(
                S::Overlay,
                vec![code(K::Esc), key('q'), code(K::Enter), key('?')],
                A::CloseOverlay,
                "close",
                None,
            ),
        ];
        bindings.extend(moves(S::Overlay));
        bindings.extend(moves(S::Bookmarks));
        bindings.extend([
            bind(
                S::Bookmarks,
                vec![code(K::Enter)],
                A::Open,
                "open the bookmarked article",
                None,
            ),
            bind(
                S::Bookmarks,
                vec![key('d'), code(K::Delete)],
                A::RemoveBookmark,
                "remove the bookmark",
                None,
            ),
            bind(
                S::Bookmarks,
                vec![code(K::Esc), key('q'), key('B')],
                A::CloseOverlay,
                "close",
                None,
            ),
        ]);
        bindings.extend([
            bind(
                S::Ask,
                vec![code(K::Enter)],
                A::Submit,
                "answer and open the best article",
                Some("answer"),
            ),
            bind(
                S::Ask,
                vec![code(K::Esc)],
                A::LeaveAsk,
                "leave the Ask bar",
                Some("leave"),
            ),
            bind(
                S::Ask,
                vec![ctrl('x')],
                A::DropContext,
                "drop the follow-up context",
                Some("drop context"),
            ),
            bind(
                S::Ask,
                vec![code(K::Up), ctrl('p')],
                A::Up,
                "previous result (previewed; Enter opens it)",
                None,
            ),
            bind(
                S::Ask,
                vec![code(K::Down), ctrl('n')],
                A::Down,
                "next result (previewed; Enter opens it)",
                Some("result"),
            ),
            bind(
                S::Ask,
                vec![ctrl('r'), alt(K::Up)],
                A::RecallOlder,
                "earlier question containing what is typed (kept across sessions)",
                Some("history"),
            ),
            bind(
                S::Ask,
                vec![alt(K::Down)],
                A::RecallNewer,
                "later question (back to what was typed)",
                None,
            ),
            bind(S::Ask, vec![code(K::Left)], A::CursorLeft, "cursor left", None),
            bind(S::Ask, vec![code(K::Right)], A::CursorRight, "cursor right", None),
            bind(
                S::Ask,
                vec![code(K::Home), ctrl('a')],
                A::CursorHome,
                "start of line",
                None,
            ),
            bind(
                S::Ask,
                vec![code(K::End), ctrl('e')],
                A::CursorEnd,
                "end of line",
                None,
            ),
            bind(
                S::Ask,
                vec![code(K::Backspace)],
                A::DeleteBack,
                "delete before the cursor",
                None,
            ),
            bind(
                S::Ask,
                vec![code(K::Delete)],
                A::DeleteForward,
                "delete under the cursor",
                None,
            ),
            bind(
                S::Ask,
                vec![ctrl('w')],
                A::DeleteWordBack,
                "delete the word before the cursor",
                None,
            ),
            bind(
                S::Ask,
                vec![ctrl('u')],
                A::DeleteToStart,
                "delete to the start of the line",
                None,
            ),
            Binding {
                scope: S::Ask,
                keys: vec![Key::Text],
                does: Does::Type,
                help: "type; the results follow each keystroke",
                hint: None,
            },
        ]);
        bindings.extend([
            bind(
                S::Find,
                vec![code(K::Enter)],
                A::FindDone,
                "keep the matches (n and N walk them)",
                Some("done"),
            ),
            bind(
                S::Find,
                vec![code(K::Esc)],
                A::FindClose,
                "close the find",
                Some("close"),
            ),
            bind(
                S::Find,
                vec![code(K::Down), ctrl('n')],
                A::FindNext,
                "next match",
                Some("next"),
            ),
            bind(
                S::Find,
                vec![code(K::Up), ctrl('p')],
                A::FindPrev,
                "previous match",
                None,
            ),
            bind(
                S::Find,
                vec![code(K::Backspace)],
                A::DeleteBack,
                "delete before the cursor",
                None,
            ),
            bind(
                S::Find,
                vec![ctrl('u')],
                A::DeleteToStart,
                "delete to the start of the line",
                None,
            ),
            Binding {
                scope: S::Find,
                keys: vec![Key::Text],
                does: Does::Type,
                help: "type; the matches show as you type (case-blind)",
                hint: None,
            },
        ]);
        bindings.extend(moves(S::Results));
        bindings.push(bind(
            S::Results,
            vec![code(K::Enter)],
            A::Open,
            "open the selected article",
            Some("open"),
        ));
        bindings.extend(moves(S::Answer));
        bindings.push(bind(
            S::Answer,
            vec![code(K::Enter)],
            A::Open,
            "open the passage, or the cited reference",
            Some("open"),
        ));
        bindings.extend(moves(S::References));
        bindings.push(bind(
            S::References,
            vec![code(K::Enter)],
            A::Open,
            "show the reference in full",
            Some("full"),
        ));
        bindings.push(bind(
            S::References,
            vec![key('o')],
            A::OpenReferenceUrl,
            "open the reference's URL in the browser",
            Some("browser"),
        ));
        bindings.push(bind(
            S::References,
            vec![key('y')],
            A::CopyReferenceUrl,
            "copy the reference's URL",
            None,
        ));
        bindings.extend(moves(S::Related));
        bindings.push(bind(
            S::Related,
            vec![code(K::Enter)],
            A::Open,
            "open the condition, or ask the follow-up",
            Some("open"),
        ));
        bindings.extend([
            bind(
                S::Global,
                vec![key('/'), key('i')],
                A::FocusAsk,
                "ask a question (focus the Ask bar)",
                Some("ask"),
            ),
            bind(
                S::Global,
                vec![code(K::Tab)],
                A::FocusNext,
                "next pane",
                Some("pane"),
            ),
            bind(
                S::Global,
                vec![code(K::BackTab)],
                A::FocusPrev,
                "previous pane",
                None,
            ),
            bind(
                S::Global,
                vec![ctrl('f')],
                A::OpenFind,
                "find in the answer",
                Some("find"),
            ),
            bind(
                S::Global,
                vec![key('n')],
                A::FindNext,
                "next match of the find",
                None,
            ),
            bind(
                S::Global,
                vec![key('N')],
                A::FindPrev,
                "previous match of the find",
                None,
            ),
            bind(
                S::Global,
                vec![key(']')],
                A::NextCitation,
                "next citation (selects its reference)",
                Some("citation"),
            ),
            bind(
                S::Global,
                vec![key('[')],
                A::PrevCitation,
                "previous citation",
                None,
            ),
            Binding {
                scope: S::Global,
                keys: vec![Key::Digit],
                does: Does::Number,
                help: "reference n (passages: open passage n)",
                hint: None,
            },
            bind(
                S::Global,
                vec![code(K::Backspace), alt(K::Left), ctrl('o')],
                A::Back,
                "back",
                Some("back"),
            ),
            bind(S::Global, vec![alt(K::Right)], A::Forward, "forward", None),
            bind(
                S::Global,
                vec![key('a')],
                A::ToggleAudience,
                "audience: clinicians / patients (saved)",
                Some("audience"),
            ),
            bind(
                S::Global,
                vec![key('m')],
                A::ToggleBookmark,
                "bookmark the open article, or remove it",
                Some("bookmark"),
            ),
            bind(
                S::Global,
                vec![key('B')],
                A::ShowBookmarks,
                "your bookmarks",
                Some("bookmarks"),
            ),
            bind(
                S::Global,
                vec![key('e')],
                A::Export,
                "export as Markdown (file and clipboard)",
                Some("export"),
            ),
            bind(
                S::Global,
                vec![key('x')],
                A::DropContext,
                "drop the follow-up context",
                None,
            ),
            bind(S::Global, vec![key('?')], A::Help, "this help", Some("help")),
            bind(S::Global, vec![key('q')], A::Quit, "quit", Some("quit")),
            bind(
                S::Global,
                vec![code(K::Esc)],
                A::CloseOverlay,
                "close the find, or clear the message",
                None,
            ),
        ]);
        bindings.push(bind(S::TooSmall, vec![ctrl('c')], A::Quit, "quit", Some("quits")));
        Keymap { bindings }
    }
}

impl Keymap {
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The action for a key event: with an overlay open (`overlay` is its scope), only the
    /// overlay's keys and those that work anywhere; otherwise the focused pane's keys, then
    /// the global ones (the Ask bar takes every printable key, so single letters act only
    /// outside it).
    pub fn action(&self, event: KeyEvent, focus: Focus, overlay: Option<Scope>) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let scopes = match overlay {
            // Not even the keys that work anywhere else: the panes are not drawn.
            Some(Scope::TooSmall) => vec![Scope::TooSmall],
            Some(overlay) => vec![Scope::Always, overlay],
            None => vec![Scope::Always, Scope::of(focus), Scope::Global],
        };
        scopes.iter().find_map(|&scope| {
            self.bindings
                .iter()
                .filter(|b| b.scope == scope)
                .find_map(|b| b.keys.iter().find_map(|k| matches(*k, event)).map(|c| (b, c)))
                .and_then(|(binding, pressed)| match (&binding.does, pressed) {
                    (Does::Act(action), _) => Some(action.clone()),
                    (Does::Type, Some(c)) => Some(Action::Insert(c)),
                    (Does::Number, Some(c)) => c
                        .to_digit(10)
                        .and_then(|d| u8::try_from(d).ok())
                        .map(Action::Number),
                    _ => None,
                })
        })
    }

    /// The help overlay's content: each scope's rows of (keys, what they do), in table order.
    /// The keys of the too-small window are left out: help cannot be seen there, and the
    /// enlarge message names them itself.
    pub fn help(&self) -> Vec<(Scope, Vec<(String, &'static str)>)> {
        let mut out: Vec<(Scope, Vec<(String, &'static str)>)> = Vec::new();
        for binding in self.bindings.iter().filter(|b| b.scope != Scope::TooSmall) {
            let keys = binding
                .keys
                .iter()
                .map(|k| label(*k))
                .collect::<Vec<_>>()
                .join(" ");
            match out.last_mut() {
                Some((scope, rows)) if *scope == binding.scope => rows.push((keys, binding.help)),
                _ => out.push((binding.scope, vec![(keys, binding.help)])),
            }
        }
        // Movement keys are the same in every list; say so once, under Results.
        for (scope, rows) in &mut out {
            if matches!(
                scope,
                Scope::Answer | Scope::References | Scope::Related | Scope::Overlay | Scope::Bookmarks
            ) {
                rows.retain(|(_, help)| !MOVES.contains(help));
            }
        }
        out
    }

    /// The keys as a Markdown table, one row per binding, for the README.
    pub fn markdown(&self) -> String {
        let mut out = String::from("| where | keys | what they do |\n| --- | --- | --- |\n");
        for (scope, rows) in self.help() {
            for (keys, help) in rows {
                let keys = keys
                    .split(' ')
                    .map(|k| format!("`{}`", k.replace('|', "\\|")))
                    .collect::<Vec<_>>()
                    .join(" ");
                out += &format!("| {} | {keys} | {help} |\n", scope.title());
            }
        }
        out
    }

    /// What the bottom bar suggests: the focused pane's hinted keys, then the global ones.
    pub fn hints(&self, focus: Focus) -> Vec<(String, &'static str)> {
        let mut scopes = vec![Scope::of(focus)];
        if focus != Focus::Ask {
            scopes.push(Scope::Global);
        }
        self.hints_in(&scopes)
    }

    /// The hinted keys of `scopes`, in table order.
    pub fn hints_in(&self, scopes: &[Scope]) -> Vec<(String, &'static str)> {
        scopes
            .iter()
            .flat_map(|&scope| self.bindings.iter().filter(move |b| b.scope == scope))
            .filter_map(|b| {
                let hint = b.hint?;
                let keys = if b.action_is(&Action::NextCitation) {
                    "[ ]".to_string()
                } else {
                    label(*b.keys.first()?)
                };
                Some((keys, hint))
            })
            .collect()
    }
}

const MOVES: &[&str] = &["up", "down", "page up", "page down", "first", "last"];

impl Binding {
    fn action_is(&self, action: &Action) -> bool {
        matches!(&self.does, Does::Act(a) if a == action)
    }
}

/// Whether `event` presses `key`; the character typed when it does (for text and digits).
fn matches(key: Key, event: KeyEvent) -> Option<Option<char>> {
    let mut mods = event.modifiers;
    if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods.remove(KeyModifiers::SHIFT);
    }
    match key {
        Key::Press(code, want) => {
            let same_code = match (code, event.code) {
                (KeyCode::Char(a), KeyCode::Char(b)) if want.contains(KeyModifiers::CONTROL) => {
                    a.eq_ignore_ascii_case(&b)
                }
                (a, b) => a == b,
            };
            (same_code && mods == want).then_some(None)
        }
        Key::Text => match event.code {
            KeyCode::Char(c) if !mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => Some(Some(c)),
            _ => None,
        },
        Key::Digit => match event.code {
            KeyCode::Char(c @ '1'..='9') if mods.is_empty() => Some(Some(c)),
            _ => None,
        },
    }
}

/// How a key is written in help and hints.
pub fn label(key: Key) -> String {
    match key {
        Key::Text => "text".to_string(),
        Key::Digit => "1-9".to_string(),
        Key::Press(code, mods) => {
            let name = match code {
                KeyCode::Char(' ') => "Space".to_string(),
                KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                    c.to_ascii_uppercase().to_string()
                }
                KeyCode::Char(c) => c.to_string(),
                KeyCode::Up => "↑".to_string(),
                KeyCode::Down => "↓".to_string(),
                KeyCode::Left => "←".to_string(),
                KeyCode::Right => "→".to_string(),
                KeyCode::PageUp => "PgUp".to_string(),
                KeyCode::PageDown => "PgDn".to_string(),
                KeyCode::Backspace => "Bksp".to_string(),
                KeyCode::Delete => "Del".to_string(),
                KeyCode::BackTab => "Shift-Tab".to_string(),
                KeyCode::F(n) => format!("F{n}"),
                other => other.to_string(),
            };
            let mut out = String::new();
            if mods.contains(KeyModifiers::CONTROL) {
                out += "Ctrl-";
            }
            if mods.contains(KeyModifiers::ALT) {
                out += "Alt-";
            }
            out + &name
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn letters_type_in_the_ask_bar_and_act_elsewhere() {
        let keymap = Keymap::default();
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(keymap.action(q, Focus::Ask, None), Some(Action::Insert('q')));
        assert_eq!(keymap.action(q, Focus::Answer, None), Some(Action::Quit));
        assert_eq!(
            keymap.action(q, Focus::Answer, Some(Scope::Overlay)),
            Some(Action::CloseOverlay)
        );
    }

    #[test]
    fn ctrl_c_quits_from_anywhere() {
        let keymap = Keymap::default();
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for focus in Focus::ALL {
            assert_eq!(keymap.action(ctrl_c, focus, None), Some(Action::Quit));
            assert_eq!(
                keymap.action(ctrl_c, focus, Some(Scope::Overlay)),
                Some(Action::Quit)
            );
        }
    }

    #[test]
    fn in_a_window_too_small_only_ctrl_c_acts() {
        let keymap = Keymap::default();
        let small = Some(Scope::TooSmall);
        let ctrl = |c| press(KeyCode::Char(c), KeyModifiers::CONTROL);
        assert_eq!(keymap.action(ctrl('c'), Focus::Answer, small), Some(Action::Quit));
        for event in [
            press(KeyCode::Char('q'), KeyModifiers::NONE),
            press(KeyCode::Char('m'), KeyModifiers::NONE),
            press(KeyCode::F(1), KeyModifiers::NONE),
            ctrl('z'),
        ] {
            assert_eq!(keymap.action(event, Focus::Answer, small), None, "{event:?}");
            assert_eq!(keymap.action(event, Focus::Ask, small), None, "{event:?}");
        }
    }

    #[test]
    fn shifted_characters_and_backtab_match_without_shift() {
        let keymap = Keymap::default();
        let big_g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(keymap.action(big_g, Focus::Answer, None), Some(Action::Bottom));
        let back_tab = press(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            keymap.action(back_tab, Focus::Results, None),
            Some(Action::FocusPrev)
        );
    }

    #[test]
    fn digits_name_references_and_backspace_goes_back_outside_the_bar() {
        let keymap = Keymap::default();
        let three = press(KeyCode::Char('3'), KeyModifiers::NONE);
        assert_eq!(
            keymap.action(three, Focus::References, None),
            Some(Action::Number(3))
        );
        assert_eq!(keymap.action(three, Focus::Ask, None), Some(Action::Insert('3')));
        let bksp = press(KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(keymap.action(bksp, Focus::Answer, None), Some(Action::Back));
        assert_eq!(keymap.action(bksp, Focus::Ask, None), Some(Action::DeleteBack));
    }

    #[test]
    fn in_the_bookmarks_list_enter_opens_d_removes_and_b_closes() {
        let keymap = Keymap::default();
        let list = Some(Scope::Bookmarks);
        let press_char = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        let big_b = press(KeyCode::Char('B'), KeyModifiers::SHIFT);
        assert_eq!(keymap.action(enter, Focus::Answer, list), Some(Action::Open));
        assert_eq!(
            keymap.action(press_char('d'), Focus::Answer, list),
            Some(Action::RemoveBookmark)
        );
        assert_eq!(
            keymap.action(big_b, Focus::Answer, list),
            Some(Action::CloseOverlay)
        );
        assert_eq!(
            keymap.action(press_char('j'), Focus::Answer, list),
            Some(Action::Down)
        );
        assert_eq!(
            keymap.action(big_b, Focus::Answer, None),
            Some(Action::ShowBookmarks)
        );
        assert_eq!(
            keymap.action(press_char('m'), Focus::Results, None),
            Some(Action::ToggleBookmark)
        );
        assert_eq!(
            keymap.action(press_char('e'), Focus::Answer, None),
            Some(Action::Export)
        );
        assert_eq!(
            keymap.action(press_char('m'), Focus::Ask, None),
            Some(Action::Insert('m'))
        );
    }

    #[test]
    fn every_binding_appears_in_help() {
        let keymap = Keymap::default();
        let help = keymap.help();
        let rows: usize = help.iter().map(|(_, rows)| rows.len()).sum();
        let movement_repeats = 6 * 5;
        let too_small = 1;
        assert_eq!(rows + movement_repeats + too_small, keymap.bindings().len());
        assert!(
            help.iter()
                .any(|(_, rows)| rows.iter().any(|(keys, _)| keys == "Ctrl-X"))
        );
    }
}
