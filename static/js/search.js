// newsroom search: the tokenizer of src/search/tokenizer.rs (tested against it) and queries over
// the index below /<code>/search/. No framework, no other host; under node, exports for tests.
(() => {
'use strict';
var LAST = '0123456789abcdefghijklmnopqrstuv', MORE = 'wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_';
var MAX_WORD = 40, PAGE = 10, K1 = 1.2, B = 0.75, HEADLINE = 3;
var WORD = /[\p{Alphabetic}\p{N}]/u;
// As in the tokenizer: letters that fold to others, Arabic alef, hamza and taa marbuta forms.
var SPECIAL = { 'ς': 'σ', 'ß': 'ss', 'đ': 'd', 'ł': 'l', 'ø': 'o', 'æ': 'ae', 'œ': 'oe', '\u0622': 'ا', '\u0623': 'ا',
	'\u0625': 'ا', '\u0671': 'ا', '\u0624': 'و', '\u0626': 'ي', '\u0649': 'ي', '\u06cc': 'ي', '\u0629': 'ه', '\u06a9': 'ك' };
// Hangul, kana, Han: written without spaces, indexed in pairs of characters.
var CJK = [0x1100, 0x11ff, 0x3130, 0x318f, 0xac00, 0xd7af, 0x3040, 0x30ff, 0x31f0, 0x31ff, 0xff66, 0xff9f,
	0x3400, 0x4dbf, 0x4e00, 0x9fff, 0xf900, 0xfaff, 0x20000, 0x2ffff];
function isCjk(c) {
	var p = c.codePointAt(0);
	for (var i = 0; i < CJK.length; i += 2) if (p >= CJK[i] && p <= CJK[i + 1]) return true;
	return false;
}
function foldLower(c) {
	if (SPECIAL[c]) return SPECIAL[c];
	var p = c.codePointAt(0);
	if (p === 0x640 || (p >= 0x64b && p <= 0x65f) || p === 0x670 || (p >= 0x6d6 && p <= 0x6ed)) return '';
	if ((p >= 0xc0 && p <= 0x52f) || (p >= 0x1e00 && p <= 0x1fff)) {
		return c.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
	}
	return c;
}
// One character as the index writes it: lower case, accents and Arabic forms folded.
function fold(c) {
	var out = '';
	for (var l of c.toLowerCase()) out += foldLower(l);
	return out;
}
// The class of a folded character: c (Hangul, kana, Han), w (word) or s (separator).
function kind(f) {
	return isCjk(f) ? 'c' : WORD.test(f) ? 'w' : 's';
}
function tokenize(text) {
	var tokens = [], word = '', len = 0, run = [];
	function push(t) { tokens.push({ text: t, position: tokens.length }); }
	function flushWord() { if (word && len <= MAX_WORD) push(word); word = ''; len = 0; }
	function flushRun() {
		if (run.length === 1) push(run[0]);
		for (var i = 0; i + 1 < run.length; i++) push(run[i] + run[i + 1]);
		run = [];
	}
	for (var c of text) {
		for (var f of fold(c)) {
			var k = kind(f);
			if (k === 'c') { flushWord(); run.push(f); }
			else if (k === 'w') { flushRun(); word += f; len++; }
			else { flushWord(); flushRun(); }
		}
	}
	flushWord(); flushRun();
	return tokens;
}
function decode(s) {
	var out = [], v = 0;
	for (var i = 0; i < s.length; i++) {
		var c = s[i], d = MORE.indexOf(c);
		if (d >= 0) v = v * 32 + d;
		else { out.push(v * 32 + LAST.indexOf(c)); v = 0; }
	}
	return out;
}
function fnv(term) {
	var h = 0x811c9dc5, bytes = new TextEncoder().encode(term);
	for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
	return h >>> 0;
}
function top(n, total, bits) { return bits ? Math.floor(n / Math.pow(2, total - bits)) : 0; }
function hex(n) { return (n < 16 ? '0' : '') + n.toString(16); }
function postings(s) {
	var n = decode(s || ''), out = [], doc = 0;
	for (var i = 0; i < n.length;) {
		doc += n[i];
		var p = { doc, length: n[i + 1], day: n[i + 2], category: n[i + 3], headline: n[i + 4], body: n[i + 5], positions: [] };
		var count = n[i + 6], at = 0;
		i += 7;
		for (var j = 0; j < count; j++) { at += n[i++]; p.positions.push(at); }
		out.push(p);
	}
	return out;
}
// BM25 (headline weighted); all words required, else any; bonuses for adjacent query words and,
// mildly, recency. `load(path)` gives a promise of an index file's JSON.
function search(load, query, options) {
	options = options || {};
	var tokens = tokenize(query), terms = [...new Set(tokens.map(t => t.text))];
	return load('root.json').then(root => {
		if (!terms.length) return { root, terms, hits: [] };
		var shard = t => hex(top(fnv(t), 32, root.shard_bits)), names = [...new Set(terms.map(shard))];
		return Promise.all(names.map(s => load('t/' + s + '.json'))).then(files => {
			var lists = terms.map(t => postings(files[names.indexOf(shard(t))][t]));
			return { root, terms, hits: rank(root, tokens, terms, lists, options) };
		});
	});
}
function rank(root, tokens, terms, lists, options) {
	var n = root.documents || 1, avg = root.total_length / n || 1, docs = {}, newest = 0;
	lists.forEach((list, ti) => {
		var idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
		list.forEach(p => {
			var d = docs[p.doc] || (docs[p.doc] = { doc: p.doc, day: p.day, category: p.category, score: 0, matched: 0, at: {} });
			var tf = p.body + HEADLINE * p.headline;
			d.score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * p.length / avg));
			d.matched++;
			d.at[ti] = p.positions;
			if (p.day > newest) newest = p.day;
		});
	});
	var all = Object.keys(docs).map(k => docs[k]);
	var full = all.filter(d => d.matched === terms.length);
	var hits = full.length ? full : all;
	hits.forEach(d => {
		var pairs = 0;
		for (var i = 0; i + 1 < tokens.length; i++) {
			var a = d.at[terms.indexOf(tokens[i].text)] || [], b = d.at[terms.indexOf(tokens[i + 1].text)] || [];
			if (a.some(p => b.includes(p + 1))) pairs++;
		}
		if (pairs) d.score *= 1 + 0.5 * pairs / (tokens.length - 1);
		d.score *= 1 + 0.1 * Math.exp((d.day - newest) / 365);
		d.score *= d.matched / terms.length;
	});
	if (options.category !== undefined && options.category !== '') {
		hits = hits.filter(d => d.category === Number(options.category));
	}
	return hits.sort((a, b) => {
		if (options.sort === 'newest' && a.day !== b.day) return b.day - a.day;
		return b.score - a.score || b.day - a.day || a.doc - b.doc;
	});
}
// The cards of hits[from, from + PAGE): [id, headline, url, date shown, date, photo, excerpt].
function cards(load, root, hits, from = 0) {
	var page = hits.slice(from, from + PAGE);
	var names = [...new Set(page.map(h => hex(top(h.doc, root.id_bits, root.bundle_bits))))];
	return Promise.all(names.map(b => load('d/' + b + '.json'))).then(files => {
		var byId = {};
		files.forEach(f => f.forEach(c => { byId[c[0]] = c; }));
		return page.map(h => {
			var c = byId[h.doc];
			return { title: c[1], url: c[2], date: c[3], iso: c[4], photo: c[5], excerpt: c[6], category: root.categories[h.category] };
		});
	});
}
// `text` as [piece, matched] parts: words that are query terms; in Hangul, kana, Han the pairs.
function highlight(text, terms) {
	var parts = [], chars = Array.from(text), f = chars.map(fold), k = f.map(g => g ? kind(g[0]) : ''), marks = [];
	for (var i = 0, j; i < chars.length; i = j) {
		// A run of one kind; characters folded to nothing stay in it.
		for (j = i + 1; j < chars.length && k[i] !== 's' && (k[j] === k[i] || !k[j]); j++);
		if (k[i] === 'w' && terms.includes(f.slice(i, j).join(''))) for (var m = i; m < j; m++) marks[m] = 1;
		if (k[i] === 'c') for (var x = i; x < j; x++) {
			if (j - i < 2 ? terms.includes(f[x]) : x + 1 < j && terms.includes(f[x] + f[x + 1])) marks[x] = marks[Math.min(x + 1, j - 1)] = 1;
		}
	}
	chars.forEach((c, n) => {
		var last = parts[parts.length - 1];
		if (last && last[1] === !!marks[n]) last[0] += c; else parts.push([c, !!marks[n]]);
	});
	return parts;
}
function init() {
	var form = document.querySelector('form[data-search-index]');
	if (!form) return;
	var $ = id => document.getElementById(id), base = form.dataset.searchIndex, status = $('search-status');
	var list = $('search-results'), more = $('search-more');
	var cache = {};
	function load(path) {
		return cache[path] || (cache[path] = fetch(base + path).then(r => {
			if (!r.ok) throw new Error(path);
			return r.json();
		}));
	}
	$('search-nojs').hidden = true;
	form.querySelectorAll('[hidden]').forEach(e => { e.hidden = false; });
	var params = new URLSearchParams(location.search), result = null, shown = 0;
	['q', 'category', 'sort'].forEach(k => { if (params.get(k)) form.elements[k].value = params.get(k); });
	function el(tag, cls, parent) {
		var e = document.createElement(tag);
		if (cls) e.className = cls;
		if (parent) parent.appendChild(e);
		return e;
	}
	function marked(parent, text) {
		highlight(text, result.terms).forEach(p => {
			parent.appendChild(p[1] ? el('mark') : document.createTextNode('')).textContent = p[0];
		});
	}
	function show() {
		cards(load, result.root, result.hits, shown).then(page => {
			page.forEach(c => {
				var card = el('article', 'card', el('li', '', list));
				if (c.photo) { var img = el('img', 'card-img', card); img.src = c.photo; img.alt = ''; img.loading = 'lazy'; }
				var body = el('div', 'card-body', card);
				el('p', 'kicker', body).textContent = c.category;
				var a = el('a', '', el('h2', 'card-title', body));
				a.href = c.url;
				marked(a, c.title);
				if (c.excerpt) marked(el('p', 'card-summary', body), c.excerpt);
				var time = el('time', '', el('p', 'meta', body));
				time.dateTime = c.iso;
				time.textContent = c.date;
			});
			shown += page.length;
			more.hidden = shown >= result.hits.length;
		});
	}
	function run() {
		var q = form.elements.q.value.trim();
		list.textContent = '';
		more.hidden = true;
		if (!q) { status.textContent = ''; return; }
		status.textContent = form.dataset.searching;
		search(load, q, { category: form.elements.category.value, sort: form.elements.sort.value }).then(r => {
			result = r;
			shown = 0;
			status.textContent = r.hits.length
				? form.dataset.found.replace('{n}', r.hits.length)
				: form.dataset.none.replace('{q}', q);
			if (r.hits.length) show();
		}, () => { status.textContent = form.dataset.failed; });
	}
	form.addEventListener('submit', e => {
		e.preventDefault();
		var p = new URLSearchParams();
		['q', 'category', 'sort'].forEach(k => { if (form.elements[k].value) p.set(k, form.elements[k].value); });
		history.replaceState(null, '', '?' + p.toString());
		run();
	});
	['category', 'sort'].forEach(k => {
		form.elements[k].addEventListener('change', () => { form.requestSubmit(); });
	});
	more.addEventListener('click', show);
	run();
}
if (typeof module !== 'undefined') {
	module.exports = { tokenize, search, cards, highlight, decode, fnv };
} else if (typeof document !== 'undefined') {
	init();
}
})();
