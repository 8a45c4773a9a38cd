//! Charts as inline SVG, drawn at build time: no script, no request, nothing a strict
//! Content-Security-Policy refuses (colours come from classes in the theme's CSS, not
//! `style` attributes). Each chart has a title and a description for screen readers, and
//! the page shows the same figures in a table beside it.

use super::escape_html;
use std::fmt::Write as _;

/// One bar: its label, its value against a maximum, and the value as printed.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub max: f64,
    pub text: String,
}

/// Drawing units of the view box; the SVG scales to the width it is given.
const WIDTH: f64 = 320.0;
const LABEL: f64 = 110.0;
const ROW: f64 = 26.0;
const BAR: f64 = 16.0;

/// Horizontal bars, one per row, each drawn against its own maximum (a pale full-length
/// bar behind it), the value printed at its end. `id` must be unique in the page.
pub fn bars(id: &str, title: &str, bars: &[Bar]) -> String {
    let height = ROW * bars.len() as f64 + 4.0;
    let span = WIDTH - LABEL - 44.0;
    let desc: Vec<String> = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.text))
        .collect();
    let mut s = String::new();
    // Writing to a String cannot fail.
    let _ = write!(
        s,
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        escape_html(title),
        escape_html(&desc.join("; "))
    );
    for (n, b) in bars.iter().enumerate() {
        let y = 2.0 + ROW * n as f64;
        let share = if b.max > 0.0 {
            (b.value / b.max).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let w = span * share;
        let ty = y + BAR - 3.0;
        let _ = write!(
            s,
            "<g aria-hidden=\"true\"><text class=\"chart-label\" x=\"0\" y=\"{ty:.1}\">{}</text>\
<rect class=\"chart-track\" x=\"{LABEL}\" y=\"{y:.1}\" width=\"{span:.1}\" height=\"{BAR}\"/>\
<rect class=\"chart-bar\" x=\"{LABEL}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{BAR}\"/>\
<text class=\"chart-value\" x=\"{:.1}\" y=\"{ty:.1}\">{}</text></g>",
            escape_html(&b.label),
            LABEL + span + 4.0,
            escape_html(&b.text)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_carry_their_text_and_stay_inside() {
        let svg = bars(
            "g",
            "Điểm <nhóm>",
            &[
                Bar {
                    label: "TDGQ".into(),
                    value: 17.62,
                    max: 20.0,
                    text: "17,62 / 20".into(),
                },
                Bar {
                    label: "TTTT".into(),
                    value: 12.0,
                    max: 10.0,
                    text: "12".into(),
                },
            ],
        );
        assert!(svg.contains("<title id=\"g-t\">Điểm &lt;nhóm&gt;</title>"));
        assert!(svg.contains("<desc id=\"g-d\">TDGQ: 17,62 / 20; TTTT: 12</desc>"));
        assert!(!svg.contains("style="));
        // A value above its maximum is drawn full length, not past the track.
        assert!(svg.contains("width=\"166.0\" height=\"16\"/><text"));
    }
}
