// Runs queries through static/js/search.js, as the browser does, over a built site's index:
//   node query.js SEARCH_JS OUTPUT_FOLDER < queries.json > results.json
// Each query is {lang, q, category?, sort?, need?}; each result gives the hits' count (`total`,
// `complete`: whether the tails were read or none was needed), the first page's cards with their
// highlighted parts, and the files read.
const fs = require('fs');
const path = require('path');
const [script, out] = process.argv.slice(2);
const search = require(path.resolve(script));
const queries = JSON.parse(fs.readFileSync(0, 'utf8'));
(async () => {
  const results = [];
  for (const query of queries) {
    const fetched = [];
    const load = (file) => {
      const full = path.join(out, query.lang, 'search', file);
      fetched.push({ file: path.relative(out, full), bytes: fs.statSync(full).size });
      return Promise.resolve(JSON.parse(fs.readFileSync(full, 'utf8')));
    };
    const found = await search.search(load, query.q, query);
    const cards = await search.cards(load, found.root, found.hits, 0);
    results.push({
      terms: found.terms,
      total: found.total,
      complete: found.complete,
      hits: found.hits.length,
      cards: cards.map((c) => ({ ...c, marked: search.highlight(c.title + ' ' + c.excerpt, found.terms).filter((p) => p[1]).map((p) => p[0]) })),
      fetched,
    });
  }
  process.stdout.write(JSON.stringify(results));
})();
