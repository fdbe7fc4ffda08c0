/* Wrapper around mkdocs-material's search worker (generated into the site by the plan plugin).
 *
 * The index holds, besides jieba's words, every run of Chinese characters as overlapping pairs,
 * written as ASCII codes (see generator/search.py). Here each query is turned into the same coded
 * pairs, all of them required: "60学时" searches for +60 +code(学时), "市信访局" for +code(市信)
 * +code(信访) +code(访局). Results are shown with the page's own text (codes and zero-width
 * separators removed), with the query's words marked.
 *
 * It runs as a web worker, or inside the iframe of the offline copy's iframe-worker polyfill.
 */
(function () {
  "use strict";
  var scope = typeof self !== "undefined" ? self : this;
  var here = (typeof document !== "undefined" && document.currentScript && document.currentScript.src) || scope.location.href;
  var HAN = /[\u4e00-\u9fff]/;
  var SYNTAX = /[+\-:^~*"]/;
  var lastWords = [];

  function digits(n) {
    return ("00000" + n).slice(-5);
  }

  /* Must equal generator.search.pair_code. */
  function code(pair) {
    return "zh" + digits(pair.charCodeAt(0) - 0x4e00) + digits(pair.charCodeAt(1) - 0x4e00);
  }

  /* A single character is left to Material; longer runs become coded pairs. */
  function pairs(run) {
    if (run.length < 2) return [run];
    var out = [];
    for (var i = 0; i + 1 < run.length; i++) out.push(code(run.substr(i, 2)));
    return out;
  }

  /* "60学时 市信访局" -> "+60 +学时 +市信 +信访 +访局"; queries with search syntax are left alone. */
  function rewrite(query) {
    lastWords = [];
    if (typeof query !== "string" || !HAN.test(query) || SYNTAX.test(query)) return query;
    var terms = [];
    (query.toLowerCase().match(/[\u4e00-\u9fff]+|[a-z0-9.%]+/g) || []).forEach(function (piece) {
      lastWords.push(piece);
      (HAN.test(piece) ? pairs(piece) : [piece]).forEach(function (term) {
        if (terms.indexOf(term) < 0) terms.push(term);
      });
    });
    return terms.length ? terms.map(function (t) { return "+" + t; }).join(" ") : query;
  }

  function escapeRegExp(value) {
    return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function mark(html) {
    if (!html || !lastWords.length) return html;
    var words = lastWords.slice().sort(function (a, b) { return b.length - a.length; });
    var pattern = new RegExp("(" + words.map(escapeRegExp).join("|") + ")", "gi");
    return html.split(/(<[^>]+>)/).map(function (part) {
      return part.charAt(0) === "<" ? part : part.replace(pattern, "<mark>$1</mark>");
    }).join("");
  }

  /* What the reader sees: the page's text without pair codes, separators or Material's marks. */
  function readable(value) {
    if (typeof value !== "string") return value;
    return value.replace(/<\/?mark>/g, "").replace(/\u200b?zh\d{10}/g, "").replace(/\u200b/g, "");
  }

  /* Material shortens a result's text to the blocks that matched; the pair codes sit at the end,
   * so results are shown from the entry's own text, kept here when the index arrives. */
  var originals = new Map();

  function remember(setup) {
    (setup.docs || []).forEach(function (doc) {
      originals.set(doc.location, { title: readable(doc.title), text: readable(doc.text) });
    });
  }

  function present(message) {
    if (!message || message.type !== 3 || !message.data || !message.data.items) return message;
    message.data.items.forEach(function (group) {
      group.forEach(function (item) {
        var original = originals.get(item.location) || { title: readable(item.title), text: readable(item.text) };
        item.title = mark(original.title);
        item.text = mark(original.text);
      });
    });
    return message;
  }

  var addListener = scope.addEventListener.bind(scope);
  scope.addEventListener = function (type, handler, options) {
    if (type !== "message") return addListener(type, handler, options);
    return addListener(type, function (event) {
      var data = event.data;
      if (data && data.type === 0) remember(data.data || {});
      if (data && data.type === 2) {
        var query = rewrite(data.data);
        if (query !== data.data) event = { data: { type: 2, data: query } };
      }
      return handler.call(this, event);
    }, options);
  };
  var post = scope.postMessage;
  scope.postMessage = function (message) {
    var rest = Array.prototype.slice.call(arguments, 1);
    return post.apply(scope, [present(message)].concat(rest));
  };

  importScripts(new URL("__MATERIAL_WORKER__", here).href);
})();
