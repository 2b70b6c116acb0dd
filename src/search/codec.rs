//! How numbers are written in the index files: each number in groups of 5 bits, most significant
//! first, one character a group; the last group from one alphabet, the others from a second, so
//! that a list of numbers needs no separators and every character is safe in JSON unescaped.
//! `static/js/search.js` reads it (`decode`).

const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
const MORE: &[u8; 32] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Appends `n` to `out`.
pub fn push(out: &mut String, n: u32) {
    let mut groups = [0u8; 7];
    let mut count = 0;
    let mut rest = n;
    loop {
        groups[count] = (rest & 31) as u8;
        count += 1;
        rest >>= 5;
        if rest == 0 {
            break;
        }
    }
    for index in (1..count).rev() {
        out.push(MORE[groups[index] as usize] as char);
    }
    out.push(LAST[groups[0] as usize] as char);
}

/// The numbers of `text`, for tests.
#[cfg(test)]
pub fn decode(text: &str) -> Vec<u32> {
    let mut numbers = Vec::new();
    let mut value = 0u32;
    for byte in text.bytes() {
        if let Some(digit) = MORE.iter().position(|b| *b == byte) {
            value = (value << 5) | digit as u32;
        } else if let Some(digit) = LAST.iter().position(|b| *b == byte) {
            numbers.push((value << 5) | digit as u32);
            value = 0;
        }
    }
    numbers
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_round_trip() {
        let numbers = [0, 1, 31, 32, 1023, 1024, 16_777_215, u32::MAX];
        let mut text = String::new();
        numbers.iter().for_each(|n| super::push(&mut text, *n));
        assert_eq!(super::decode(&text), numbers);
        assert_eq!(&text[..3], "01v");
    }
}
