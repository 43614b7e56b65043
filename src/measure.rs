//! Measurement, apart from the product: `curbside bench` ([`bench`]), `curbside eval`
//! ([`eval`], and [`analysis`] for `--analysis`) and the synthetic corpora and citations the scale benchmarks index ([`synthetic`]).

pub mod analysis;
pub mod bench;
pub mod eval;
pub mod synthetic;

use quick_xml::events::Event;

/// Adds an XML event's text to `buffer`: text and CDATA as written, a character or
/// predefined entity reference (`&#233;`, `&amp;`) as the character it stands for. Other
/// events add nothing. The LiveQA readers of `eval` and `eval --analysis` share it.
pub(crate) fn push_text(event: &Event<'_>, buffer: &mut String) {
    match event {
        Event::Text(t) => buffer.push_str(&t.xml10_content()),
        Event::CData(t) => buffer.push_str(&t.xml10_content()),
        Event::GeneralRef(r) => {
            if let Ok(Some(c)) = r.resolve_char_ref() {
                buffer.push(c);
            } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r.xml10_content()) {
                buffer.push_str(s);
            }
        }
        _ => {}
    }
}
