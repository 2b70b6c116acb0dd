//! A linear pass over YAML text before serde_yaml reads it.
//!
//! serde_yaml's scanner (libyaml's design) slows down with the square of the depth of flow
//! collections, and its alias expansion is bounded by the size of the document, not by a fixed
//! budget: a front-matter of `[[[[...` or of many aliases to one big anchor kept a build busy for
//! minutes or took gigabytes. This pass refuses both shapes up front, in time proportional to the
//! text: flow nesting deeper than serde_yaml's own limit, and any alias. It understands just
//! enough YAML (quotes, comments, block scalars, where a node starts) not to mistake an asterisk
//! or a bracket inside text for one.

/// serde_yaml's own recursion limit; deeper documents fail there anyway, only slowly.
pub const MAX_DEPTH: usize = 128;

/// Why the text was refused, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

pub fn check(text: &str) -> Result<(), Refusal> {
    Scan::new(text).run()
}

struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
    line_start: usize,
    /// Open `[` and `{`.
    flow_depth: usize,
    /// The next byte may begin a node (a value, a key, a sequence item).
    node_start: bool,
    /// Column of the key or `-` the current value belongs to: a block scalar's lines are the
    /// ones indented further.
    entry_column: usize,
    /// Where the current node began, for the key it turns out to be.
    node_column: usize,
    /// A block-context plain scalar is open; its next lines, indented further, continue it.
    in_plain: bool,
    /// Columns of the open block collections' entries (keys and `-`), outermost first: their
    /// number is the block nesting depth (`- - - -` on one line nests as deep as indentation).
    block_columns: Vec<usize>,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str) -> Self {
        Scan {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
            line_start: 0,
            flow_depth: 0,
            node_start: true,
            entry_column: 0,
            node_column: 0,
            in_plain: false,
            block_columns: Vec::new(),
        }
    }

    fn peek(&self, offset: usize) -> u8 {
        self.bytes.get(self.at + offset).copied().unwrap_or(b'\n')
    }

    fn column(&self) -> usize {
        self.at - self.line_start
    }

    fn refuse(&self, message: &str) -> Refusal {
        // Columns count characters, as serde_yaml's do.
        let line_text = &self.bytes[self.line_start..self.at];
        let column = String::from_utf8_lossy(line_text).chars().count() + 1;
        Refusal {
            message: message.to_string(),
            line: self.line,
            column,
        }
    }

    fn run(mut self) -> Result<(), Refusal> {
        while self.at < self.bytes.len() {
            let byte = self.bytes[self.at];
            match byte {
                b'\n' => self.new_line(),
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'#' if self.after_space() => self.skip_comment(),
                _ if self.node_start => self.node(byte)?,
                _ if self.flow_depth > 0 => self.in_flow(byte)?,
                _ => self.in_block_text(byte)?,
            }
        }
        Ok(())
    }

    fn after_space(&self) -> bool {
        self.at == self.line_start || matches!(self.bytes[self.at - 1], b' ' | b'\t')
    }

    fn new_line(&mut self) {
        self.at += 1;
        self.line += 1;
        self.line_start = self.at;
        let indent = self.bytes[self.at..]
            .iter()
            .take_while(|b| **b == b' ')
            .count();
        let continues_plain = self.in_plain && indent > self.entry_column;
        if self.flow_depth == 0 && !continues_plain {
            self.in_plain = false;
            self.node_start = true;
            self.entry_column = indent;
        }
    }

    fn skip_comment(&mut self) {
        while self.at < self.bytes.len() && self.bytes[self.at] != b'\n' {
            self.at += 1;
        }
    }

    /// The first byte of a node: what it is decides how the rest is read.
    fn node(&mut self, byte: u8) -> Result<(), Refusal> {
        self.node_column = self.column();
        match byte {
            b'*' => Err(self.refuse(&format!(
                "{} is read as a YAML alias, and aliases are not accepted: write the value out in full, and put text that starts with '*' in quotes (\"*Exclusive* report\")",
                self.word()
            ))),
            // Anchors only serve aliases; a local tag (`!name`) is never needed here. Both
            // are mostly text an editor meant (`&nbsp;`, `!Important`).
            b'&' => Err(self.refuse(&format!(
                "{} is read as a YAML anchor, which is not accepted (nor are aliases): put text that starts with '&' in quotes",
                self.word()
            ))),
            b'!' if self.peek(1) != b'!' => Err(self.refuse(&format!(
                "{} is read as a YAML tag: put text that starts with '!' in quotes (\"!Important\")",
                self.word()
            ))),
            b'[' | b'{' => {
                self.flow_depth += 1;
                self.check_depth()?;
                self.at += 1;
                Ok(())
            }
            b'!' => {
                // A standard tag (`!!str`) comes before the node it names.
                while !matches!(
                    self.peek(0),
                    b' ' | b'\t' | b'\n' | b'\r' | b',' | b'[' | b']' | b'{' | b'}'
                ) {
                    self.at += 1;
                }
                Ok(())
            }
            b'\'' | b'"' => {
                self.skip_quoted(byte);
                self.node_start = false;
                Ok(())
            }
            b'-' | b'?' if is_blank(self.peek(1)) && self.flow_depth == 0 => {
                self.entry_column = self.column();
                self.open_block_entry(self.entry_column)?;
                self.at += 1;
                Ok(())
            }
            b'|' | b'>' if self.flow_depth == 0 => {
                self.skip_block_scalar();
                Ok(())
            }
            _ if self.flow_depth > 0 => {
                self.node_start = false;
                self.in_flow(byte)
            }
            _ => {
                self.node_start = false;
                self.in_plain = true;
                self.in_block_text(byte)
            }
        }
    }

    /// Inside `[...]` or `{...}`, past a node's first byte.
    fn in_flow(&mut self, byte: u8) -> Result<(), Refusal> {
        match byte {
            b']' | b'}' => self.flow_depth -= 1,
            b',' | b'[' | b'{' => self.node_start = true,
            b':' if is_blank_or_flow(self.peek(1)) => self.node_start = true,
            _ => {}
        }
        if matches!(byte, b'[' | b'{') {
            // Not at a node start (`a[b`): YAML refuses it; let serde_yaml say so.
            self.node_start = false;
        }
        if self.flow_depth == 0 {
            self.node_start = false;
            self.at += 1;
            return self.check_text_after_flow();
        }
        self.at += 1;
        Ok(())
    }

    /// `title: [Breaking] Minister resigns` is a list followed by text, which YAML refuses with
    /// a message about keys: say what it is.
    fn check_text_after_flow(&self) -> Result<(), Refusal> {
        let rest = &self.bytes[self.at..];
        let line_end = rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
        let after = String::from_utf8_lossy(&rest[..line_end]);
        let after = after.trim();
        if after.is_empty()
            || after.starts_with('#')
            || after.starts_with(':')
            || after.starts_with(',')
        {
            return Ok(());
        }
        Err(self.refuse(
            "a value that starts with '[' or '{' is read as a list or mapping, and text follows it: put the whole value in quotes (\"[Breaking] Minister resigns\")",
        ))
    }

    /// The word at the current place, quoted, for messages.
    fn word(&self) -> String {
        let rest = &self.bytes[self.at..];
        let end = rest
            .iter()
            .position(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}'))
            .unwrap_or(rest.len())
            .min(40);
        format!("'{}'", String::from_utf8_lossy(&rest[..end]))
    }

    /// Block context, inside a plain scalar or after a closed node: only `: ` starts a value.
    fn in_block_text(&mut self, byte: u8) -> Result<(), Refusal> {
        if byte == b':' && is_blank(self.peek(1)) {
            self.entry_column = self.node_column;
            self.open_block_entry(self.node_column)?;
            self.node_start = true;
            self.in_plain = false;
        }
        self.at += 1;
        Ok(())
    }

    /// An entry at `column` closes the entries at or right of it and opens one level more.
    fn open_block_entry(&mut self, column: usize) -> Result<(), Refusal> {
        while self
            .block_columns
            .last()
            .is_some_and(|&open| open >= column)
        {
            self.block_columns.pop();
        }
        self.block_columns.push(column);
        self.check_depth()
    }

    fn check_depth(&self) -> Result<(), Refusal> {
        if self.flow_depth + self.block_columns.len() > MAX_DEPTH {
            return Err(self.refuse(&format!(
                "it nests too deeply (more than {MAX_DEPTH} levels)"
            )));
        }
        Ok(())
    }

    fn skip_quoted(&mut self, quote: u8) {
        self.at += 1;
        while self.at < self.bytes.len() {
            let byte = self.bytes[self.at];
            if byte == b'\n' {
                self.line += 1;
                self.line_start = self.at + 1;
            } else if quote == b'"' && byte == b'\\' {
                self.at += 1;
            } else if byte == quote {
                if quote == b'\'' && self.peek(1) == b'\'' {
                    self.at += 1;
                } else {
                    self.at += 1;
                    return;
                }
            }
            self.at += 1;
        }
    }

    /// `|` or `>`: the lines indented further than the entry are text, whatever they hold.
    fn skip_block_scalar(&mut self) {
        let parent = self.entry_column;
        self.skip_comment();
        while self.at < self.bytes.len() {
            let rest = &self.bytes[self.at + 1..];
            let indent = rest.iter().take_while(|b| **b == b' ').count();
            let blank = matches!(rest.get(indent), None | Some(b'\n') | Some(b'\r'));
            if !blank && indent <= parent {
                break;
            }
            self.at += 1;
            self.line += 1;
            self.line_start = self.at;
            self.skip_comment();
        }
        self.node_start = false;
    }
}

fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

fn is_blank_or_flow(byte: u8) -> bool {
    is_blank(byte) || matches!(byte, b',' | b'[' | b']' | b'{' | b'}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> Option<(usize, usize)> {
        check(text).err().map(|r| (r.line, r.column))
    }

    #[test]
    fn aliases_are_refused_where_they_are() {
        assert_eq!(refused("a: 1\nb: *x\n"), Some((2, 4)));
        assert_eq!(refused("a: &x 1\n"), Some((1, 4)));
        assert_eq!(refused("a: [1, *x]\n"), Some((1, 8)));
        assert_eq!(refused("tags:\n  - one\n  - *x\n"), Some((3, 5)));
    }

    #[test]
    fn asterisks_and_brackets_in_text_are_text() {
        for text in [
            "title: Budget *vote* today\n",
            "title: 'it''s *x*'\nsummary: \"say \\\" *x\"\n",
            "summary: a long line\n  *emphasis* continues\n",
            "body: |\n  *x* [[[[[[\n  more *y*\nnext: 1\n",
            "title: a [b] {c} # *not an alias\n",
            "title: x # [[[[\n",
            "a: !!str 12\ntags: [a, b] # two\nb: {x: 1}\n",
            "title: R&D &amp; more !\n",
        ] {
            assert_eq!(refused(text), None, "{text}");
        }
    }

    #[test]
    fn text_that_yaml_reads_as_something_else_is_refused_with_a_quoting_hint() {
        for (text, start) in [
            (
                "title: *Exclusive* report\n",
                "'*Exclusive*' is read as a YAML alias",
            ),
            (
                "summary: &nbsp;The minister\n",
                "'&nbsp;The' is read as a YAML anchor",
            ),
            ("title: !Important\n", "'!Important' is read as a YAML tag"),
            (
                "title: [Breaking] Minister resigns\n",
                "a value that starts with '['",
            ),
        ] {
            let refusal = check(text).expect_err(text);
            assert!(
                refusal.message.starts_with(start),
                "{text}: {}",
                refusal.message
            );
            assert!(refusal.message.contains("quotes"), "{}", refusal.message);
        }
    }

    #[test]
    fn flow_deeper_than_the_limit_is_refused() {
        let deep = |n: usize| format!("a: {}1{}\n", "[".repeat(n), "]".repeat(n));
        // The mapping that holds `a` is one level.
        assert_eq!(refused(&deep(MAX_DEPTH - 1)), None);
        assert_eq!(refused(&deep(MAX_DEPTH)), Some((1, 3 + MAX_DEPTH)));
        let text = format!("a: 1\nb: {}", "{k: ".repeat(MAX_DEPTH + 1));
        assert_eq!(refused(&text).map(|(line, _)| line), Some(2));
    }

    #[test]
    fn block_nesting_deeper_than_the_limit_is_refused() {
        let dashes = |n: usize| format!("a:\n  {}1\n", "- ".repeat(n));
        assert_eq!(refused(&dashes(MAX_DEPTH - 1)), None);
        assert_eq!(
            refused(&dashes(MAX_DEPTH + 1)).map(|(line, _)| line),
            Some(2)
        );
        let indented: String = (0..=MAX_DEPTH)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        assert_eq!(
            refused(&indented).map(|(line, _)| line),
            Some(MAX_DEPTH + 1)
        );
        // Siblings at one level do not add up.
        let flat: String = (0..10 * MAX_DEPTH)
            .map(|i| format!("k{i}:\n  - {i}\n"))
            .collect();
        assert_eq!(refused(&flat), None);
    }

    #[test]
    fn a_block_scalar_ends_where_the_indentation_does() {
        assert_eq!(refused("a: |\n  text\nb: *x\n"), Some((3, 4)));
        assert_eq!(refused("- |\n  text\n- *x\n"), Some((3, 3)));
    }
}
