//! The one theme: every style the screen uses. With `NO_COLOR` set (to anything but the
//! empty string) it uses no colours, only bold, reverse, underline and dim for emphasis,
//! unless the user's settings say `color = true`.

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::BorderType;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme { color: true }
    }
}

impl Theme {
    /// Colours unless `NO_COLOR` asks for none (<https://no-color.org>).
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    /// The `color` setting when the user set it (it wins over `NO_COLOR`), else the
    /// environment.
    pub fn from_setting(color: Option<bool>) -> Self {
        match color {
            Some(color) => Theme { color },
            None => Theme::from_env(),
        }
    }

    pub fn monochrome() -> Self {
        Theme { color: false }
    }

    pub fn has_color(self) -> bool {
        self.color
    }

    fn tint(self, style: Style, color: Color) -> Style {
        if self.color { style.fg(color) } else { style }
    }

    pub fn border(self) -> Style {
        self.tint(Style::new(), Color::DarkGray)
    }

    /// The focused pane's border: thick, bold and (in colour) cyan, plain to see.
    pub fn focused_border(self) -> Style {
        self.tint(Style::new().add_modifier(Modifier::BOLD), Color::Cyan)
    }

    pub fn border_type(self, focused: bool) -> BorderType {
        if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        }
    }

    pub fn title(self, focused: bool) -> Style {
        if focused {
            self.focused_border()
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    /// The answer's title: the question.
    pub fn headline(self) -> Style {
        self.tint(Style::new().add_modifier(Modifier::BOLD), Color::White)
    }

    /// Banners such as FROM THE GUIDELINES.
    pub fn banner(self) -> Style {
        self.tint(Style::new().add_modifier(Modifier::BOLD), Color::Yellow)
    }

    /// Section headings under a banner.
    pub fn heading(self) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        if self.color {
            style.fg(Color::LightBlue)
        } else {
            style.add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn text(self) -> Style {
        Style::new()
    }

    /// Secondary text: dates, sources, the disclaimer.
    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::Gray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// A citation mark such as `[2]`.
    pub fn citation(self) -> Style {
        if self.color {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    /// The citation selected with `]` / `[`.
    pub fn citation_selected(self) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED);
        self.tint(style, Color::Cyan)
    }

    /// The selected row of a list, in the focused pane.
    pub fn selected(self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// The selected row of a list whose pane is not focused.
    pub fn selected_unfocused(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// A match of the find (Ctrl-F) in the answer.
    pub fn find_match(self) -> Style {
        if self.color {
            Style::new().bg(Color::Yellow).fg(Color::Black)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        }
    }

    /// The match the find last moved to.
    pub fn find_current(self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::LightRed)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// Keys in the hint bar and the help overlay.
    pub fn key(self) -> Style {
        self.tint(Style::new().add_modifier(Modifier::BOLD), Color::Cyan)
    }

    /// The follow-up label in the Ask bar.
    pub fn context(self) -> Style {
        self.tint(Style::new().add_modifier(Modifier::ITALIC), Color::Magenta)
    }

    pub fn error(self) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        if self.color {
            style.fg(Color::Red)
        } else {
            style.add_modifier(Modifier::REVERSED)
        }
    }

    pub fn info(self) -> Style {
        self.tint(Style::new().add_modifier(Modifier::BOLD), Color::Green)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_colour_every_style_is_free_of_colours_but_emphasis_remains() {
        let theme = Theme::monochrome();
        let styles = [
            theme.border(),
            theme.focused_border(),
            theme.headline(),
            theme.banner(),
            theme.heading(),
            theme.dim(),
            theme.citation(),
            theme.citation_selected(),
            theme.selected(),
            theme.key(),
            theme.context(),
            theme.error(),
            theme.info(),
        ];
        for style in styles {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
        assert!(
            theme
                .citation_selected()
                .add_modifier
                .contains(Modifier::REVERSED)
        );
        assert!(theme.citation().add_modifier.contains(Modifier::UNDERLINED));
        assert!(theme.selected().add_modifier.contains(Modifier::REVERSED));
    }
}
