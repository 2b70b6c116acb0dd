// newsroom search: the rules of src/search/tokenizer.rs and shard.rs, in the browser.
(() => {
'use strict';
var LAST = '0123456789abcdefghijklmnopqrstuv', MORE = 'wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_';
var MAX_WORD = 40, PAGE = 10;
var WORD = /[\p{Alphabetic}\p{N}]/u;
var SPECIAL = { 'ς': 'σ', 'ß': 'ss', 'đ': 'd', 'ł': 'l', 'ø': 'o', 'æ': 'ae', 'œ': 'oe', 'آ': 'ا', 'أ': 'ا',
	'إ': 'ا', 'ٱ': 'ا', 'ؤ': 'و', 'ئ': 'ي', 'ى': 'ي', 'ی': 'ي', 'ة': 'ه', 'ک': 'ك' };
// Hangul, kana, Han (indexed in pairs).
var CJK = /[ᄀ-ᇿ㄰-㆏가-힯぀-ヿㇰ-ㇿｦ-ﾟ㐀-䶿一-鿿豈-﫿𠀀-𯿿]/u;
function foldLower(c) {
	if (SPECIAL[c]) return SPECIAL[c];
	var p = c.codePointAt(0);
	if (p === 0x640 || (p >= 0x64b && p <= 0x65f) || p === 0x670 || (p >= 0x6d6 && p <= 0x6ed)) return '';
	return (p >= 0xc0 && p <= 0x52f) || (p >= 0x1e00 && p <= 0x1fff) ? c.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : c;
}
// As indexed: lower case, accents and Arabic forms folded.
var fold = c => Array.from(c.toLowerCase(), foldLower).join('');
var kind = f => CJK.test(f) ? 'c' : WORD.test(f) ? 'w' : 's';
function tokenize(text) {
	var tokens = [], word = '', len = 0, run = [];
	var push = t => tokens.push({ text: t, position: tokens.length });
	function flushWord() { if (word && len <= MAX_WORD) push(word); word = ''; len = 0; }
	function flushRun() {
		if (run.length === 1) push(run[0]);
		for (var i = 0; i + 1 < run.length; i++) push(run[i] + run[i + 1]);
		run = [];
	}
	for (var f of fold(text)) {
		var k = kind(f);
		if (k === 'c') { flushWord(); run.push(f); }
		else if (k === 'w') { flushRun(); word += f; len++; }
		else { flushWord(); flushRun(); }
	}
	flushWord(); flushRun();
	return tokens;
}
function decode(s) {
	var out = [], v = 0;
	for (var c of s) {
		var d = MORE.indexOf(c);
		if (d < 0) { out.push(v * 32 + LAST.indexOf(c)); v = 0; } else v = v * 32 + d;
	}
	return out;
}
function fnv(term) {
	var h = 0x811c9dc5;
	for (var b of new TextEncoder().encode(term)) h = Math.imul(h ^ b, 0x1000193);
	return h >>> 0;
}
var hex = n => n.toString(16).padStart(2, 0);
// Heads: story count, [tail ranges: bits, first, last]; per posting: id - previous id, impact,
// category, n, n positions.
function postings(s, head) {
	var n = decode(s || ''), out = [], id = 0, i = head ? 1 : 0;
	out.df = n[0] || 0;
	if (head && out.df > 200) [out.bits, out.first, out.last] = n.slice(1, i = 4);
	while (i < n.length) {
		id += n[i];
		var p = { id, impact: n[i + 1], category: n[i + 2], at: [] }, c = n[i + 3], at = 0;
		for (i += 4; c--;) p.at.push(at += n[i++]);
		out.push(p);
	}
	return out;
}
// Impacts (BM25 by the build) summed; all words, else any; bonus for adjacent words and, mildly,
// recency. Tails (c/) load only if heads (t/) cannot prove `need` results, or for newest-first.
function search(load, query, o = {}) {
	var tokens = tokenize(query), terms = [...new Set(tokens.map(t => t.text))];
	return load('root.json').then(root => {
		var name = t => hex(fnv(t) >>> 32 - root.shard_bits), rk = (l, n) => rank(tokens, terms, l, o, n);
		return Promise.all(terms.map(t => load('t/' + name(t) + '.json'))).then(f => {
			var lists = f.map((s, i) => postings(s[terms[i]], 1)), known = lists.find(l => l.length === l.df);
			// Tail ranges that can hold a story of a word known whole, or all.
			var tails = all => Promise.all(lists.map((l, i) => {
				for (var r = [], x = l.first; x <= l.last; x++) if (all || known.some(p => p.id >>> l.bits === x))
					r.push(load('c/' + name(terms[i]) + '-' + hex(x) + '.json').then(m => postings(m[terms[i]])));
				return Promise.all(r);
			})).then(t => rk(lists.map((l, i) => l.concat(...t[i])), 0));
			var need = lists.some(l => l.length < l.df) && (o.sort === 'newest' ? 1e9 : o.need || PAGE);
			return rk(lists, need) || tails(!known).then(r => known && !r.hits.some(d => d.matched === terms.length) ? tails(1) : r);
		}).then(r => Object.assign(r, { root, terms }));
	});
}
function rank(tokens, terms, lists, o, need) {
	var docs = {}, floor = 0, oldest = 1e12, now = Date.now() / 6e4, cat = o.category;
	lists.forEach((list, ti) => {
		// A tail's impacts are at most its head's lowest, and at that impact older.
		var low = list.low = list.length < list.df ? Math.min(...list.map(p => p.impact)) : 0;
		floor += low;
		list.forEach(p => {
			var d = docs[p.id] || (docs[p.id] = { ...p, impact: 0, matched: 0, at: {}, bound: 0 });
			d.impact += p.impact;
			d.matched++;
			d.at[ti] = p.at;
			if (low && p.impact === low) oldest = Math.min(oldest, p.id);
		});
	});
	var all = Object.values(docs), full = all.filter(d => d.matched === terms.length);
	var shown = d => (cat ?? '') === '' || d.category === +cat, hits = (full.length ? full : all).filter(shown);
	if (need) {
		// A result must beat the best a story missing from a head could be: [impact, id].
		var best = [floor, oldest - 1], beats = (i, id) => i > best[0] || i === best[0] && id > best[1];
		all.forEach(d => {
			lists.forEach((l, ti) => { if (!d.at[ti]) d.bound += l.low; });
			if (d.bound && shown(d) && beats(d.impact + d.bound, d.id)) best = [d.impact + d.bound, d.id];
		});
		hits = full.filter(d => !d.bound && shown(d) && beats(d.impact, d.id));
		if (hits.length < need) return null;
	}
	hits.forEach(d => {
		var pairs = 0;
		for (var i = 0; i + 1 < tokens.length; i++) {
			var a = d.at[terms.indexOf(tokens[i].text)] || [], b = d.at[terms.indexOf(tokens[i + 1].text)] || [];
			if (a.some(p => b.includes(p + 1))) pairs++;
		}
		d.score = d.impact * (1 + 0.5 * pairs / (tokens.length - 1 || 1)) * (1 + 0.1 * Math.exp((d.id - now) / 525960)) * d.matched / terms.length;
	});
	hits.sort((a, b) => (o.sort === 'newest' ? 0 : b.score - a.score) || b.id - a.id);
	// Without tails, the count is the rarest word's (exact for one word, no filter).
	return { hits, complete: !need, total: need ? Math.max(hits.length, Math.min(...lists.map(l => l.df))) : hits.length };
}
// Cards: [id, headline, url, date shown, date, photo, excerpt].
function cards(load, root, hits, from = 0) {
	var page = hits.slice(from, from + PAGE), bundle = h => hex(h.id >>> root.bundle_bits);
	var names = [...new Set(page.map(bundle))];
	return Promise.all(names.map(b => load('d/' + b + '.json'))).then(files => page.map(h => {
		var c = files.flat().find(c => c[0] === h.id);
		return { title: c[1], url: c[2], date: c[3], iso: c[4], photo: c[5], excerpt: c[6], category: root.categories[h.category] };
	}));
}
function highlight(text, terms) {
	var parts = [], chars = Array.from(text), f = chars.map(fold), k = f.map(g => g ? kind(g[0]) : ''), marks = [];
	for (var i = 0, j; i < chars.length; i = j) {
		for (j = i + 1; j < chars.length && k[i] !== 's' && (k[j] === k[i] || !k[j]); j++);
		if (k[i] === 'w' && terms.includes(f.slice(i, j).join(''))) for (var m = i; m < j; m++) marks[m] = 1;
		if (k[i] === 'c') for (var x = i; x < j; x++) {
			if (j - i < 2 ? terms.includes(f[x]) : x + 1 < j && terms.includes(f[x] + f[x + 1])) marks[x] = marks[Math.min(x + 1, j - 1)] = 1;
		}
	}
	chars.forEach((c, n) => {
		var last = parts.at(-1);
		if (last && last[1] === !!marks[n]) last[0] += c; else parts.push([c, !!marks[n]]);
	});
	return parts;
}
function init() {
	var form = document.querySelector('form[data-search-index]');
	if (!form) return;
	var $ = id => document.getElementById(id), ds = form.dataset, fe = form.elements, status = $('search-status');
	var list = $('search-results'), more = $('search-more'), cache = {};
	var load = path => cache[path] || (cache[path] = fetch(ds.searchIndex + path).then(r => r.ok ? r.json() : Promise.reject(path)));
	$('search-nojs').hidden = true;
	form.querySelectorAll('[hidden]').forEach(e => e.hidden = false);
	var params = new URLSearchParams(location.search), result, shown = 0, keys = ['q', 'category', 'sort'];
	keys.forEach(k => { if (params.get(k)) fe[k].value = params.get(k); });
	var el = (tag, cls, parent, props) => {
		var e = Object.assign(document.createElement(tag), cls && { className: cls }, props);
		parent && parent.append(e);
		return e;
	};
	var marked = (parent, text) => highlight(text, result.terms).forEach(p => {
		if (p[1]) el('mark', '', parent, { textContent: p[0] }); else parent.append(p[0]);
	});
	function show() {
		cards(load, result.root, result.hits, shown).then(page => {
			page.forEach(c => {
				var card = el('article', 'card', el('li', '', list)), body;
				if (c.photo) el('img', 'card-img', card, { src: c.photo, alt: '', loading: 'lazy' });
				body = el('div', 'card-body', card);
				el('p', 'kicker', body, { textContent: c.category });
				marked(el('a', '', el('h2', 'card-title', body), { href: c.url }), c.title);
				if (c.excerpt) marked(el('p', 'card-summary', body), c.excerpt);
				el('time', '', el('p', 'meta', body), { dateTime: c.iso, textContent: c.date });
			});
			shown += page.length;
			more.hidden = shown >= result.total;
		});
	}
	function run(need) {
		var q = fe.q.value.trim();
		if (!need) { list.textContent = ''; shown = 0; }
		more.hidden = true;
		if (!q) { status.textContent = ''; return; }
		status.textContent = ds.searching;
		search(load, q, { category: fe.category.value, sort: fe.sort.value, need }).then(r => {
			result = r;
			status.textContent = r.hits.length ? ds.found.replace('{n}', r.total) : ds.none.replace('{q}', q);
			if (r.hits.length) show();
		}, () => { status.textContent = ds.failed; });
	}
	form.addEventListener('submit', e => {
		e.preventDefault();
		var p = new URLSearchParams();
		keys.forEach(k => { if (fe[k].value) p.set(k, fe[k].value); });
		history.replaceState(null, '', '?' + p);
		run(0);
	});
	['category', 'sort'].forEach(k => fe[k].addEventListener('change', () => form.requestSubmit()));
	more.addEventListener('click', () => { result.complete || shown + PAGE <= result.hits.length ? show() : run(shown + PAGE); });
	run();
}
if (typeof module == 'object') module.exports = { tokenize, search, cards, highlight };
else if (typeof document == 'object') init();
})();
