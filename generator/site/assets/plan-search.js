/* The site's search worker. It sits at the path of mkdocs-material's own search worker and answers
 * Material's search box through the same messages (generator/search.py checks at build time that
 * the installed theme still sends them):
 *   {type: 0, data: {config, docs}}  the index  → {type: 1}  ready
 *   {type: 2, data: "query"}         a query    → {type: 3, data: {items: [[result]]}}
 * Each result is {location, title, text, score, terms}; Material shows the title as the result's
 * heading and the text below it, both as HTML (so every piece of page text is escaped here).
 *
 * Ranking: BM25 over character pairs (and Latin words or numbers) in three fields — the title,
 * the text and a low-weight "aux" field (a task's units, a unit's tasks) — times a boost for
 * phrases of the query found whole, and for a title the query covers. Query words the plan does
 * not use only lower a score; question words are dropped; traditional characters are folded to
 * the simplified ones the site uses; editors' synonyms add the plan's words for a citizen's.
 * A query of one character ranks pages by that character in their title and text.
 *
 * It runs as a web worker, or inside the iframe of the offline copy's iframe-worker polyfill.
 */
(function () {
  "use strict";
  var scope = typeof self !== "undefined" ? self : this;
  var K1 = 1.2;
  var B = 0.75;
  var FIELDS = ["title", "text", "aux"];
  var WEIGHT = { title: 3, text: 1, aux: 0.3 };
  var KIND = { task: 1, unit: 1, progress: 0.8, section: 0.6, other: 0.4 };
  var LABEL = { task: "任务", unit: "责任单位", progress: "落实情况", section: "方面", other: "其他" };
  var HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
  var RUNS = /[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9][a-z0-9.%]*/g;
  var SENTENCE = /[^。；;！!？?]+[。；;！!？?]?/g;
  var LABEL_PREFIX = /^[(（][^)）]{1,6}[)）]|^[一二三四五六七八九十]+、/;
  var MAX_RESULTS = 50;
  var state = null;

  /* Same length in, same length out, so that positions found in it hold in the original. */
  function normalize(value, fold) {
    var out = "";
    for (var i = 0; i < value.length; i++) {
      var ch = value.charAt(i);
      var code = value.charCodeAt(i);
      if (code >= 0xff01 && code <= 0xff5e) ch = String.fromCharCode(code - 0xfee0);
      else if (code >= 0x41 && code <= 0x5a) ch = String.fromCharCode(code + 32);
      else if (fold && fold.hasOwnProperty(ch)) ch = fold[ch];
      out += ch;
    }
    return out;
  }

  /* Index terms of a text: each pair of Chinese characters, each Latin word or number. */
  function terms(text, each) {
    var match;
    RUNS.lastIndex = 0;
    while ((match = RUNS.exec(text))) {
      var run = match[0];
      if (!HAN.test(run.charAt(0))) each(run, match.index, run.length);
      else for (var i = 0; i + 1 < run.length; i++) each(run.substr(i, 2), match.index + i, 2);
    }
  }

  function setup(data) {
    var config = (data.config && data.config.plan_search) || {};
    var docs = (data.docs || []).map(function (doc) {
      var plain = {};
      FIELDS.forEach(function (f) { plain[f] = normalize(doc[f] || ""); });
      return { doc: doc, plain: plain };
    });
    var postings = new Map();
    var lengths = new Float64Array(docs.length);
    docs.forEach(function (entry, d) {
      var counts = new Map();
      FIELDS.forEach(function (f) {
        terms(entry.plain[f], function (term) {
          counts.set(term, (counts.get(term) || 0) + WEIGHT[f]);
          lengths[d] += WEIGHT[f];
        });
      });
      counts.forEach(function (tf, term) {
        var list = postings.get(term);
        if (!list) postings.set(term, (list = []));
        list.push(d, tf);
      });
    });
    var total = 0;
    for (var d = 0; d < lengths.length; d++) total += lengths[d];
    var words = new Map();
    (config.question_words || []).forEach(function (w) { words.set(normalize(w), null); });
    Object.keys(config.synonyms || {}).forEach(function (said) { words.set(normalize(said), config.synonyms[said]); });
    var longestWord = 0;
    words.forEach(function (_, w) { longestWord = Math.max(longestWord, w.length); });
    return {
      docs: docs,
      postings: postings,
      lengths: lengths,
      average: total / Math.max(1, docs.length),
      fold: config.fold || {},
      words: words,
      longestWord: longestWord
    };
  }

  /* The query as phrases: the reader's own words with question words dropped, then the plan's
   * words for each synonym found. Question words and synonyms are found from left to right,
   * longest first, so that 学法考试 reads as 学法 + 考试, not as 学 + 法考 + 试. */
  function parse(query) {
    var q = normalize(query, state.fold);
    var own = "";
    var phrases = [];
    for (var i = 0; i < q.length; ) {
      var len = Math.min(state.longestWord, q.length - i);
      while (len > 0 && !state.words.has(q.substr(i, len))) len--;
      if (!len) {
        own += q.charAt(i++);
        continue;
      }
      var meant = state.words.get(q.substr(i, len)) || [];
      meant.forEach(function (m) { phrases.push({ text: normalize(m, state.fold), weight: 0.8 }); });
      own += " ";
      i += len;
    }
    (own.match(RUNS) || []).reverse().forEach(function (run) { phrases.unshift({ text: run, weight: 1 }); });
    return phrases;
  }

  function queryTerms(phrases) {
    var weights = new Map();
    phrases.forEach(function (p) {
      terms(p.text, function (term) { weights.set(term, Math.max(weights.get(term) || 0, p.weight)); });
    });
    return weights;
  }

  function bm25(weights) {
    var n = state.docs.length;
    var scores = new Float64Array(n);
    var idfs = new Map();
    weights.forEach(function (weight, term) {
      var list = state.postings.get(term);
      if (!list) return;
      var idf = Math.log(1 + (n - list.length / 2 + 0.5) / (list.length / 2 + 0.5));
      idfs.set(term, idf);
      for (var i = 0; i < list.length; i += 2) {
        var d = list[i];
        var tf = list[i + 1];
        var norm = K1 * (1 - B + (B * state.lengths[d]) / state.average);
        scores[d] += (weight * idf * tf * (K1 + 1)) / (tf + norm);
      }
    });
    return { scores: scores, idfs: idfs };
  }

  /* Length of the longest piece of `phrase` (two characters or more) found in `text`. */
  function longest(phrase, text) {
    for (var len = phrase.length; len >= 2; len--)
      for (var i = 0; i + len <= phrase.length; i++)
        if (text.indexOf(phrase.substr(i, len)) >= 0) return len;
    return 0;
  }

  /* How much of the query a page holds whole, and how much of its title the query covers. */
  function boost(entry, phrases) {
    var whole = 0;
    var weights = 0;
    var cover = 0;
    var title = entry.plain.title.replace(LABEL_PREFIX, "");
    phrases.forEach(function (p) {
      if (p.text.length < 2) return;
      var best = Math.max(longest(p.text, entry.plain.text), longest(p.text, title), longest(p.text, entry.plain.aux) * 0.5);
      whole += p.weight * Math.pow(best / p.text.length, 2);
      weights += p.weight;
      var inTitle = longest(p.text, title);
      if (inTitle >= 2) cover = Math.max(cover, inTitle / title.length);
    });
    return (1 + (weights ? whole / weights : 0)) * (1 + cover);
  }

  function rank(phrases) {
    var weights = queryTerms(phrases);
    var result = bm25(weights);
    var ranked = [];
    result.scores.forEach(function (score, d) {
      if (score > 0) ranked.push({ d: d, score: score * KIND[state.docs[d].doc.kind || "other"] });
    });
    ranked.sort(function (a, b) { return b.score - a.score; });
    ranked = ranked.slice(0, 200);
    ranked.forEach(function (r) { r.score *= boost(state.docs[r.d], phrases); });
    ranked.sort(function (a, b) { return b.score - a.score || a.d - b.d; });
    return { ranked: ranked, idfs: result.idfs, single: null };
  }

  /* One Chinese character: pages with it in their title first, then by how often they use it. */
  function rankCharacter(ch) {
    var ranked = [];
    state.docs.forEach(function (entry, d) {
      var inTitle = entry.plain.title.split(ch).length - 1;
      var inText = entry.plain.text.split(ch).length - 1 + (entry.plain.aux.split(ch).length - 1) * WEIGHT.aux;
      if (!inTitle && !inText) return;
      var score = (inTitle ? 10 + inTitle : 0) + inText / Math.sqrt(1 + entry.plain.text.length / 100);
      ranked.push({ d: d, score: score * KIND[entry.doc.kind || "other"] });
    });
    ranked.sort(function (a, b) { return b.score - a.score || a.d - b.d; });
    return { ranked: ranked, idfs: new Map(), single: ch };
  }

  function escapeHtml(value) {
    return value.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* Which characters of `plain` belong to a matched query term. */
  function covered(plain, found) {
    var marks = new Uint8Array(plain.length);
    if (found.single) {
      for (var i = plain.indexOf(found.single); i >= 0; i = plain.indexOf(found.single, i + 1)) marks[i] = 1;
      return marks;
    }
    terms(plain, function (term, at, len) {
      if (found.idfs.has(term)) for (var k = 0; k < len; k++) marks[at + k] = 1;
    });
    return marks;
  }

  function highlight(original, marks, from, to) {
    var out = "";
    var open = false;
    for (var i = from; i < to; i++) {
      if (marks[i] && !open) out += "<mark>";
      if (!marks[i] && open) out += "</mark>";
      open = !!marks[i];
      out += escapeHtml(original.charAt(i));
    }
    return out + (open ? "</mark>" : "");
  }

  /* The sentence that matched best, cut to a readable length around its first match. */
  function snippet(entry, found) {
    var fields = ["text", "aux"];
    var best = null;
    fields.forEach(function (f) {
      var plain = entry.plain[f];
      var marks = covered(plain, found);
      var match;
      SENTENCE.lastIndex = 0;
      while ((match = SENTENCE.exec(plain))) {
        var count = 0;
        for (var i = match.index; i < match.index + match[0].length; i++) count += marks[i];
        if (!best || count > best.count) best = { field: f, marks: marks, from: match.index, to: match.index + match[0].length, count: count };
      }
    });
    if (!best) return "";
    /* A unit's tasks (aux) are a list joined by "；": a snippet ends with its item, not the separator. */
    if (best.field === "aux" && /[；;]/.test(entry.plain.aux.charAt(best.to - 1))) best.to--;
    var first = best.from;
    while (first < best.to && !best.marks[first]) first++;
    var from = best.to - best.from > 120 && first - best.from > 40 ? first - 30 : best.from;
    var to = Math.min(best.to, from + 120);
    var original = entry.doc[best.field] || "";
    return (from > best.from ? "…" : "") + highlight(original, best.marks, from, to) + (to < best.to ? "…" : "");
  }

  function present(found) {
    var top = found.ranked.length ? found.ranked[0].score : 0;
    var shown = found.ranked.filter(function (r) { return r.score >= top * 0.05; }).slice(0, MAX_RESULTS);
    return shown.map(function (r) {
      var entry = state.docs[r.d];
      var title = entry.doc.title || "";
      var label = LABEL[entry.doc.kind] || LABEL.other;
      var text = '<p class="plan-search-kind">' + label + "</p><p>" + snippet(entry, found) + "</p>";
      var result = {
        location: entry.doc.location,
        title: highlight(title, covered(entry.plain.title, found), 0, title.length),
        text: text,
        score: r.score,
        terms: {}
      };
      /* Material shows the text of a result at an anchor (a report on its task page) only under
         its page's own result: give it one, carrying the page's title (escaped: plain text). */
      if (!entry.doc.page) return [result];
      var page = { location: entry.doc.location.split("#")[0], title: escapeHtml(entry.doc.page), text: "", score: r.score, terms: {} };
      return [page, result];
    });
  }

  function search(query) {
    if (!state || typeof query !== "string") return { items: [] };
    var phrases = parse(query);
    var chars = phrases.map(function (p) { return p.text; }).join("");
    if (phrases.length === 1 && chars.length === 1 && HAN.test(chars)) return { items: present(rankCharacter(chars)) };
    return { items: present(rank(phrases)) };
  }

  scope.addEventListener("message", function (event) {
    var message = event.data || {};
    if (message.type === 0) {
      state = setup(message.data || {});
      scope.postMessage({ type: 1 });
    } else if (message.type === 2) {
      scope.postMessage({ type: 3, data: search(message.data) });
    }
  });
})();
