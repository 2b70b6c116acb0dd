//! The one tokenizer of search, run on the stories at build time and (as the same rules in
//! `static/js/search.js`) on the reader's query in the browser; `tests/build/search.rs` runs both
//! over the sample's languages and compares them.
//!
//! The rules, in order, per character:
//! 1. lower-case it (one character at a time, so that no language's context rule applies; final
//!    sigma is folded to sigma);
//! 2. in the Latin, Greek and Cyrillic blocks, decompose it (NFD) and drop the combining marks, so
//!    `Ékonomi` is `ekonomi`; `ß` becomes `ss`, `đ` `d`, `ł` `l`, `ø` `o`, `æ` `ae`, `œ` `oe`.
//!    Kana and Hangul are left whole: their decompositions change the letter;
//! 3. Arabic: drop the diacritics and the tatweel, write every alef with hamza or madda as a
//!    bare alef, `ؤ` as `و`, `ئ` and `ى` as `ي`, and taa marbuta as `ه`;
//! 4. a run of letters and digits (Unicode Alphabetic or Numeric) is a word; a run of Hangul,
//!    kana or Han is cut into overlapping pairs of characters (a lone character is itself), so
//!    `북한` is found in `북한의`. Anything else separates words.

use icu_normalizer::DecomposingNormalizerBorrowed;

/// The longest word kept, in characters: longer runs are noise (hashes, URLs without spaces).
pub const MAX_WORD: usize = 40;

/// One token and its position (the index of the token in the text, counting every token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub position: u32,
}

/// The tokens of `text`, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let mut word_len = 0usize;
    let mut cjk: Vec<char> = Vec::new();
    let mut folded: Vec<char> = Vec::with_capacity(4);
    for original in text.chars() {
        folded.clear();
        if original.is_ascii() {
            // Most text of Latin-script stories: no table to consult.
            folded.push(original.to_ascii_lowercase());
        } else {
            fold(original, &mut folded);
        }
        for &c in &folded {
            if is_cjk(c) {
                flush_word(&mut word, &mut word_len, &mut tokens);
                cjk.push(c);
            } else if c.is_alphanumeric() {
                flush_cjk(&mut cjk, &mut tokens);
                word.push(c);
                word_len += 1;
            } else {
                flush_word(&mut word, &mut word_len, &mut tokens);
                flush_cjk(&mut cjk, &mut tokens);
            }
        }
    }
    flush_word(&mut word, &mut word_len, &mut tokens);
    flush_cjk(&mut cjk, &mut tokens);
    tokens
}

/// Just the texts of the tokens.
#[cfg(test)]
pub fn terms(text: &str) -> Vec<String> {
    tokenize(text).into_iter().map(|t| t.text).collect()
}

fn push(tokens: &mut Vec<Token>, text: String) {
    let position = tokens.len() as u32;
    tokens.push(Token { text, position });
}

fn flush_word(word: &mut String, len: &mut usize, tokens: &mut Vec<Token>) {
    if !word.is_empty() && *len <= MAX_WORD {
        push(tokens, std::mem::take(word));
    }
    word.clear();
    *len = 0;
}

fn flush_cjk(run: &mut Vec<char>, tokens: &mut Vec<Token>) {
    match run.len() {
        0 => {}
        1 => push(tokens, run[0].to_string()),
        _ => {
            for pair in run.windows(2) {
                push(tokens, pair.iter().collect());
            }
        }
    }
    run.clear();
}

/// Hangul syllables and jamo, kana, and Han ideographs: written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF // Hangul
        | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F // kana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF) // Han
}

/// Steps 1 to 3 of the rules for one character: what it becomes (none, one or a few).
fn fold(c: char, out: &mut Vec<char>) {
    for lower in c.to_lowercase() {
        fold_lower(lower, out);
    }
}

fn fold_lower(c: char, out: &mut Vec<char>) {
    match c {
        'ς' => out.push('σ'),
        'ß' => out.extend(['s', 's']),
        'đ' => out.push('d'),
        'ł' => out.push('l'),
        'ø' => out.push('o'),
        'æ' => out.extend(['a', 'e']),
        'œ' => out.extend(['o', 'e']),
        // Arabic: alef with hamza above or below, with madda, wasla.
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => out.push('\u{0627}'),
        '\u{0624}' => out.push('\u{0648}'),
        '\u{0626}' | '\u{0649}' | '\u{06CC}' => out.push('\u{064A}'),
        '\u{0629}' => out.push('\u{0647}'),
        '\u{06A9}' => out.push('\u{0643}'),
        // Tatweel and the harakat, tanwin, shadda, sukun, superscript alef, Quranic marks.
        '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' => {}
        c if folds_accents(c) => {
            let nfd = DecomposingNormalizerBorrowed::new_nfd();
            let mut buffer = [0u8; 4];
            out.extend(
                nfd.normalize(c.encode_utf8(&mut buffer))
                    .chars()
                    .filter(|d| !is_combining_mark(*d)),
            );
        }
        c => out.push(c),
    }
}

/// Latin (with its extensions), Greek and Cyrillic: where an accent is a mark on a letter.
fn folds_accents(c: char) -> bool {
    matches!(c as u32, 0x00C0..=0x052F | 0x1E00..=0x1FFF)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F)
}

#[cfg(test)]
mod tests {
    use super::{terms, tokenize};
    use std::io::Write;
    use std::path::Path;

    /// The browser's tokenizer (static/js/search.js, under node) gives the same tokens at the
    /// same positions as this one, over every content file of the sample (all 11 languages) and
    /// strings that try the folding rules.
    #[test]
    fn the_browser_tokenizes_as_the_build_does() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = [
            "Ékonomi ÉCONOMIE Straße Đà Nẵng ΟΔΟΣ Ёлка İstanbul Œuvre Æsir Łódź Øre",
            "إِقْتِصَاد أحمد إبراهيم آمال مدرسة كـتـاب مسؤول شاطئ مستشفى ٱلله",
            "북한의 핵 北韓 カタカナ語 が ｶﾀｶﾅ 中華民國 K-pop 2024년 ①②",
            "naïve café coöperate résumé Ⅻ ＡＢＣ ﬁ 𝔸",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for entry in walkdir::WalkDir::new(root.join("content")).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "md") {
                texts.push(std::fs::read_to_string(entry.path()).unwrap());
            }
        }
        let languages: std::collections::BTreeSet<String> = std::fs::read_dir(root.join("content"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(languages.len(), 11, "the sample's languages: {languages:?}");
        let script = root.join("static/js/search.js");
        let program = format!(
            "const s = require({:?}); const texts = JSON.parse(require('fs').readFileSync(0, 'utf8')); process.stdout.write(JSON.stringify(texts.map(t => s.tokenize(t).map(k => [k.text, k.position]))));",
            script.to_string_lossy()
        );
        let mut node = std::process::Command::new("node")
            .args(["-e", &program])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("node runs the browser's tokenizer (.ci/run installs it)");
        let input = serde_json::to_string(&texts).unwrap();
        node.stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let output = node.wait_with_output().unwrap();
        assert!(output.status.success(), "node failed");
        let browser: Vec<Vec<(String, u32)>> = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(browser.len(), texts.len());
        for (text, browser) in texts.iter().zip(browser) {
            let build: Vec<(String, u32)> = tokenize(text)
                .into_iter()
                .map(|t| (t.text, t.position))
                .collect();
            assert!(!build.is_empty());
            if build != browser {
                let at = build.iter().zip(&browser).position(|(a, b)| a != b);
                panic!(
                    "the tokenizers differ at token {at:?} of {:?}: build {:?}, browser {:?}",
                    &text.chars().take(60).collect::<String>(),
                    at.map(|i| &build[i..(i + 3).min(build.len())]),
                    at.map(|i| &browser[i..(i + 3).min(browser.len())])
                );
            }
        }
    }

    #[test]
    fn latin_case_and_accents_fold() {
        assert_eq!(terms("Ékonomi ÉCONOMIE"), ["ekonomi", "economie"]);
        assert_eq!(terms("Straße Đà Nẵng"), ["strasse", "da", "nang"]);
        assert_eq!(terms("ΟΔΟΣ"), ["οδοσ"]);
    }

    #[test]
    fn arabic_forms_fold() {
        // أحمد with a different alef and with diacritics, and a taa marbuta.
        assert_eq!(terms("إِقْتِصَاد"), terms("اقتصاد"));
        assert_eq!(terms("مدرسة"), ["مدرسه"]);
        assert_eq!(terms("كـتـاب"), ["كتاب"]);
    }

    #[test]
    fn cjk_becomes_pairs() {
        assert_eq!(terms("북한의 핵"), ["북한", "한의", "핵"]);
        assert_eq!(terms("カタカナ語"), ["カタ", "タカ", "カナ", "ナ語"]);
        // Kana keep their voicing marks.
        assert_eq!(terms("が"), ["が"]);
        assert_eq!(terms("K-pop 2024"), ["k", "pop", "2024"]);
    }
}
