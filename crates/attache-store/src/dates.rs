//! Publication dates from the forms news metadata and text use, as ISO
//! `YYYY-MM-DD`. A date that cannot be read is `None`: flagged, never guessed.

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let m = MONTHS.iter().position(|m| w.starts_with(m))? as u32 + 1;
    // "march" yes, "marching" no
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let ok = w.len() == 3 || full[m as usize - 1].starts_with(&w) || (w == "sept");
    ok.then_some(m)
}

fn valid(y: u32, m: u32, d: u32) -> Option<String> {
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => return None,
    };
    ((1900..=2200).contains(&y) && (1..=days).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Parses one date: ISO 8601 (`2025-02-12`, `2025-02-12T10:00:00Z`),
/// RFC 2822 (`Wed, 12 Feb 2025 10:00:00 GMT`), `February 12, 2025`,
/// `12 February 2025`, `Feb. 12, 2025`.
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    // ISO: YYYY-MM-DD at the start
    let b = s.as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && b[..4].iter().all(u8::is_ascii_digit) {
        // digits where month and day go, so the slices below are on char boundaries
        if ![5, 6, 8, 9].iter().all(|&i| b[i].is_ascii_digit()) {
            return None;
        }
        let y = s[..4].parse().ok()?;
        let m = s[5..7].parse().ok()?;
        let d = s[8..10].parse().ok()?;
        return valid(y, m, d);
    }
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for i in 0..words.len() {
        // "12 February 2025"
        if i + 2 < words.len()
            && let (Ok(d), Some(m), Ok(y)) = (
                words[i]
                    .trim_end_matches(['.', 'h', 't', 's', 'n', 'd', 'r'])
                    .parse::<u32>(),
                month(words[i + 1]),
                words[i + 2].parse::<u32>(),
            )
        {
            return valid(y, m, d);
        }
        // "February 12, 2025"
        if i + 2 < words.len()
            && let (Some(m), Ok(d), Ok(y)) = (
                month(words[i]),
                words[i + 1]
                    .trim_end_matches(['h', 't', 's', 'n', 'd', 'r'])
                    .parse::<u32>(),
                words[i + 2].parse::<u32>(),
            )
        {
            return valid(y, m, d);
        }
    }
    None
}

/// A date line near the start of an article's text ("date 2025-02-25",
/// "Published: 12 February 2025", "LONDON, Feb. 27, 2025 –").
pub fn date_in_text(text: &str) -> Option<String> {
    for line in text.lines().filter(|l| !l.trim().is_empty()).take(4) {
        let head: String = line.chars().take(120).collect();
        // try each position where a date could start
        for (i, _) in head.char_indices().filter(|(i, c)| {
            c.is_ascii_alphanumeric()
                && (*i == 0 || !head[..*i].ends_with(|p: char| p.is_ascii_alphanumeric()))
        }) {
            let window: String = head[i..].chars().take(40).collect();
            if let Some(d) = parse_date(&window) {
                return Some(d);
            }
        }
    }
    None
}

/// A date in a file name: `2025-02-12-outlet-slug.txt`.
pub fn date_in_name(name: &str) -> Option<String> {
    let b = name.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let at_start = i == 0 || !b[i - 1].is_ascii_digit();
        // `get`: none where a character's bytes would be cut
        let w = name.get(i..i + 10)?;
        at_start.then(|| parse_date(w)).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_forms() {
        assert_eq!(
            parse_date("2025-02-12T10:00:00Z").as_deref(),
            Some("2025-02-12")
        );
        assert_eq!(
            parse_date("Wed, 12 Feb 2025 10:00:00 GMT").as_deref(),
            Some("2025-02-12")
        );
        assert_eq!(
            parse_date("February 12, 2025").as_deref(),
            Some("2025-02-12")
        );
        assert_eq!(parse_date("Feb. 27, 2025").as_deref(), Some("2025-02-27"));
        assert_eq!(parse_date("12th March 2025").as_deref(), Some("2025-03-12"));
        assert_eq!(parse_date("2025-02-30"), None);
        assert_eq!(parse_date("marching 12, 2025"), None);
        assert_eq!(parse_date("no date here"), None);
    }

    #[test]
    fn characters_of_several_bytes_never_cut() {
        // found by fuzzing the feed reader: a date with a Greek letter inside
        assert_eq!(parse_date("2025-03-0\u{3eb}08:00:00Z"), None);
        assert_eq!(parse_date("2025-1\u{feff}-01"), None);
        assert_eq!(date_in_name("réunion à genève, compte rendu.txt"), None);
        assert_eq!(
            date_in_name("genève-2025-02-12-pourparlers.txt").as_deref(),
            Some("2025-02-12")
        );
        assert_eq!(date_in_name("2025-02-1é.txt"), None);
    }

    #[test]
    fn finds_dates_in_text_and_names() {
        assert_eq!(
            date_in_text("Talks resume\ndate 2025-02-25 Paris —").as_deref(),
            Some("2025-02-25")
        );
        assert_eq!(
            date_in_text("LONDON, Feb. 27, 2025 – The prime minister").as_deref(),
            Some("2025-02-27")
        );
        assert_eq!(date_in_text("Nothing dated here.\nNor here."), None);
        assert_eq!(
            date_in_name("2025-02-12-seed-talks.txt").as_deref(),
            Some("2025-02-12")
        );
        assert_eq!(date_in_name("story.txt"), None);
    }
}
