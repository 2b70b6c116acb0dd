// newsroom search: the tokenizer (the rules of src/search/tokenizer.rs, tested against it) and
// queries over the sharded index the build writes below /<code>/search/. No framework, and
// nothing is fetched from another host. Under node it exports its functions for the tests.
(function () {
  'use strict';
  var LAST = '0123456789abcdefghijklmnopqrstuv', MORE = 'wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_';
  var MAX_WORD = 40, PAGE = 10, K1 = 1.2, B = 0.75, HEADLINE = 3;
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  var SPECIAL = { 'ς': 'σ', 'ß': 'ss', 'đ': 'd', 'ł': 'l', 'ø': 'o', 'æ': 'ae', 'œ': 'oe' };

  function isCjk(c) {
    var p = c.codePointAt(0);
    return (p >= 0x1100 && p <= 0x11ff) || (p >= 0x3130 && p <= 0x318f) || (p >= 0xac00 && p <= 0xd7af) ||
      (p >= 0x3040 && p <= 0x30ff) || (p >= 0x31f0 && p <= 0x31ff) || (p >= 0xff66 && p <= 0xff9f) ||
      (p >= 0x3400 && p <= 0x4dbf) || (p >= 0x4e00 && p <= 0x9fff) || (p >= 0xf900 && p <= 0xfaff) ||
      (p >= 0x20000 && p <= 0x2ffff);
  }

  function foldLower(c) {
    if (SPECIAL[c]) return SPECIAL[c];
    var p = c.codePointAt(0);
    if (p === 0x622 || p === 0x623 || p === 0x625 || p === 0x671) return '\u0627';
    if (p === 0x624) return '\u0648';
    if (p === 0x626 || p === 0x649 || p === 0x6cc) return '\u064a';
    if (p === 0x629) return '\u0647';
    if (p === 0x6a9) return '\u0643';
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
      var p = { doc: doc, length: n[i + 1], day: n[i + 2], category: n[i + 3], headline: n[i + 4], body: n[i + 5], positions: [] };
      var count = n[i + 6], at = 0;
      i += 7;
      for (var j = 0; j < count; j++) { at += n[i++]; p.positions.push(at); }
      out.push(p);
    }
    return out;
  }

  // Ranks the stories for `query`: BM25 over headline (weighted) and body, all words required
  // (any word when no story has all), a bonus for query words side by side in the story, a mild
  // one for recent stories. `load(path)` gives the JSON of an index file (a promise).
  function search(load, query, options) {
    options = options || {};
    var tokens = tokenize(query), terms = [];
    tokens.forEach(function (t) { if (terms.indexOf(t.text) < 0) terms.push(t.text); });
    return load('root.json').then(function (root) {
      if (!terms.length) return { root: root, terms: terms, hits: [] };
      var shards = {};
      terms.forEach(function (t) { shards[hex(top(fnv(t), 32, root.shard_bits))] = 1; });
      var names = Object.keys(shards);
      return Promise.all(names.map(function (s) { return load('t/' + s + '.json'); })).then(function (files) {
        var lists = terms.map(function (t) {
          return postings(files[names.indexOf(hex(top(fnv(t), 32, root.shard_bits)))][t]);
        });
        return { root: root, terms: terms, hits: rank(root, tokens, terms, lists, options) };
      });
    });
  }

  function rank(root, tokens, terms, lists, options) {
    var n = root.documents || 1, avg = root.total_length / n || 1, docs = {}, newest = 0;
    lists.forEach(function (list, ti) {
      var idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      list.forEach(function (p) {
        var d = docs[p.doc] || (docs[p.doc] = { doc: p.doc, day: p.day, category: p.category, score: 0, matched: 0, at: {} });
        var tf = p.body + HEADLINE * p.headline;
        d.score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * p.length / avg));
        d.matched++;
        d.at[ti] = p.positions;
        if (p.day > newest) newest = p.day;
      });
    });
    var all = Object.keys(docs).map(function (k) { return docs[k]; });
    var full = all.filter(function (d) { return d.matched === terms.length; });
    var hits = full.length ? full : all;
    hits.forEach(function (d) {
      var pairs = 0;
      for (var i = 0; i + 1 < tokens.length; i++) {
        var a = d.at[terms.indexOf(tokens[i].text)] || [], b = d.at[terms.indexOf(tokens[i + 1].text)] || [];
        if (a.some(function (p) { return b.indexOf(p + 1) >= 0; })) pairs++;
      }
      if (pairs) d.score *= 1 + 0.5 * pairs / (tokens.length - 1);
      d.score *= 1 + 0.1 * Math.exp((d.day - newest) / 365);
      d.score *= d.matched / terms.length;
    });
    if (options.category !== undefined && options.category !== '') {
      hits = hits.filter(function (d) { return d.category === Number(options.category); });
    }
    return hits.sort(function (a, b) {
      if (options.sort === 'newest' && a.day !== b.day) return b.day - a.day;
      return b.score - a.score || b.day - a.day || a.doc - b.doc;
    });
  }

  // The cards of hits[from, from + PAGE): [id, headline, url, date shown, date, photo, excerpt].
  function cards(load, root, hits, from) {
    var page = hits.slice(from || 0, (from || 0) + PAGE), bundles = {};
    page.forEach(function (h) { bundles[hex(top(h.doc, root.id_bits, root.bundle_bits))] = 1; });
    var names = Object.keys(bundles);
    return Promise.all(names.map(function (b) { return load('d/' + b + '.json'); })).then(function (files) {
      var byId = {};
      files.forEach(function (f) { f.forEach(function (c) { byId[c[0]] = c; }); });
      return page.map(function (h) {
        var c = byId[h.doc];
        return { title: c[1], url: c[2], date: c[3], iso: c[4], photo: c[5], excerpt: c[6], category: root.categories[h.category] };
      });
    });
  }

  // `text` cut into [piece, matched] parts: words whose token is a query term, and in Hangul,
  // kana and Han the characters of a matching pair.
  function highlight(text, terms) {
    var parts = [], chars = Array.from(text), marks = [], i = 0;
    while (i < chars.length) {
      var f = fold(chars[i]), k = f ? kind(f[0]) : 's';
      var j = i, folded = [];
      while (j < chars.length) {
        var g = fold(chars[j]);
        if (g && kind(g[0]) !== k) break;
        if (!g && k === 's') break;
        folded.push(g); j++;
        if (k === 's') break;
      }
      if (k === 'w' && terms.indexOf(folded.join('')) >= 0) for (var m = i; m < j; m++) marks[m] = 1;
      if (k === 'c') {
        for (var x = i; x < j; x++) {
          if (j - i === 1 ? terms.indexOf(folded[0]) >= 0 : x + 1 < j && terms.indexOf(folded[x - i] + folded[x + 1 - i]) >= 0) {
            marks[x] = 1; if (j - i > 1) marks[x + 1] = 1;
          }
        }
      }
      i = j;
    }
    chars.forEach(function (c, n) {
      var last = parts[parts.length - 1];
      if (last && last[1] === !!marks[n]) last[0] += c; else parts.push([c, !!marks[n]]);
    });
    return parts;
  }

  function init() {
    var form = document.querySelector('form[data-search-index]');
    if (!form) return;
    var base = form.getAttribute('data-search-index'), status = document.getElementById('search-status');
    var list = document.getElementById('search-results'), more = document.getElementById('search-more');
    var cache = {};
    function load(path) {
      return cache[path] || (cache[path] = fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error(path);
        return r.json();
      }));
    }
    document.getElementById('search-nojs').hidden = true;
    form.querySelectorAll('[hidden]').forEach(function (e) { e.hidden = false; });
    var params = new URLSearchParams(location.search), result = null, shown = 0;
    ['q', 'category', 'sort'].forEach(function (k) { if (params.get(k)) form.elements[k].value = params.get(k); });

    function el(tag, cls, parent) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (parent) parent.appendChild(e);
      return e;
    }
    function marked(parent, text) {
      highlight(text, result.terms).forEach(function (p) {
        parent.appendChild(p[1] ? el('mark') : document.createTextNode('')).textContent = p[0];
      });
    }
    function show() {
      cards(load, result.root, result.hits, shown).then(function (page) {
        page.forEach(function (c) {
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
      status.textContent = form.getAttribute('data-searching');
      search(load, q, { category: form.elements.category.value, sort: form.elements.sort.value }).then(function (r) {
        result = r;
        shown = 0;
        status.textContent = r.hits.length
          ? form.getAttribute('data-found').replace('{n}', r.hits.length)
          : form.getAttribute('data-none').replace('{q}', q);
        if (r.hits.length) show();
      }, function () { status.textContent = form.getAttribute('data-failed'); });
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var p = new URLSearchParams();
      ['q', 'category', 'sort'].forEach(function (k) { if (form.elements[k].value) p.set(k, form.elements[k].value); });
      history.replaceState(null, '', '?' + p.toString());
      run();
    });
    ['category', 'sort'].forEach(function (k) {
      form.elements[k].addEventListener('change', function () { form.requestSubmit(); });
    });
    more.addEventListener('click', show);
    run();
  }

  if (typeof module !== 'undefined') {
    module.exports = { tokenize: tokenize, search: search, cards: cards, highlight: highlight, decode: decode, fnv: fnv };
  } else if (typeof document !== 'undefined') {
    init();
  }
})();
