/* Split Chinese queries into the terms the search index holds.
 *
 * Sphinx looks each query word up whole, but jieba indexed 梯度下降 as
 * 梯度 and 下降. This splitQuery (Sphinx uses ours when it is defined before
 * searchtools.js) cuts each Chinese run into the fewest index terms.
 */
var splitQuery = (function () {
  "use strict";
  const HAN = /[\u3400-\u9fff\uf900-\ufaff]/u;
  const MAX_TERM = 12;  // longest term worth trying, in characters

  function known(term) {
    // searchtools.js declares Search with const: a global binding, but not
    // a property of window.
    const index = (typeof Search !== "undefined" && Search._index) || {};
    return Boolean((index.terms && term in index.terms) ||
                   (index.titleterms && term in index.titleterms));
  }

  // Dynamic programming over positions: a known term costs 1, a character
  // that no term covers costs 2 and is left out of the query.
  function segment(run) {
    const n = run.length;
    const best = new Array(n + 1).fill(null);
    best[0] = {cost: 0, terms: []};
    for (let i = 0; i < n; i++) {
      if (!best[i]) continue;
      const skip = {cost: best[i].cost + 2, terms: best[i].terms};
      if (!best[i + 1] || skip.cost < best[i + 1].cost) best[i + 1] = skip;
      for (let j = Math.min(n, i + MAX_TERM); j > i + 1; j--) {
        const term = run.slice(i, j);
        if (!known(term)) continue;
        const take = {cost: best[i].cost + 1, terms: best[i].terms.concat(term)};
        if (!best[j] || take.cost < best[j].cost) best[j] = take;
      }
    }
    return best[n].terms;
  }

  return function (query) {
    const words = query
      .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
      .filter((w) => w);
    const out = [];
    for (const word of words) {
      if (!HAN.test(word) || known(word)) {
        out.push(word);
        continue;
      }
      // Split mixed runs such as "softmax回归" into Latin and Han parts.
      for (const part of word.match(/[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+/gu)) {
        if (!HAN.test(part) || known(part)) out.push(part);
        else out.push(...segment(part));
      }
    }
    return out.length ? out : words;
  };
})();
