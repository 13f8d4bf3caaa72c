import { embedRenderedPage, jsonForHtml, STATE_ELEMENT_ID } from "../../gateway/storefront";

// Issue 20: the gateway embeds the Apollo cache it filled while rendering home in the page's HTML. The
// state holds catalog text (names, explanations, search snippets), so it must not be able to close its
// element or start markup, and the browser must read back exactly what the server wrote.

const TEMPLATE =
  '<!doctype html><html><head><script type="module" src="/assets/index.js"></script></head><body><div id="root"></div></body></html>';

/** The data block's text as the browser's parser would hand it to `JSON.parse` (up to the first `</script`). */
function dataBlock(html: string): string {
  const open = `<script type="application/json" id="${STATE_ELEMENT_ID}">`;
  const start = html.indexOf(open);
  expect(start).toBeGreaterThan(-1);
  const body = html.slice(start + open.length);
  return body.slice(0, body.search(/<\/script/i));
}

test("text that would close the element or open markup is escaped, and JSON.parse reads it back unchanged", () => {
  const hostile = {
    "Product:p1": {
      name: '</script><script>alert("x")</script>',
      brand: "<!-- <script>",
      note: "a & b > c \u2028 line \u2029 paragraph",
      explanation: "</SCRIPT >",
    },
  };
  const encoded = jsonForHtml(hostile);
  expect(encoded).not.toMatch(/[<>&\u2028\u2029]/);
  expect(JSON.parse(encoded)).toEqual(hostile);

  const page = embedRenderedPage(TEMPLATE, { html: "<main><h1>Popular right now</h1></main>", state: hostile });
  expect(JSON.parse(dataBlock(page))).toEqual(hostile);
  // Only the template's module script and the data block: nothing in the state became a script element.
  expect(page.match(/<script/gi)).toHaveLength(2);
});

test("the rendered markup goes inside #root and the state after it; a `$` in the markup is kept literally", () => {
  const page = embedRenderedPage(TEMPLATE, { html: "<p>$& $1 $$ price</p>", state: { ROOT_QUERY: {} } });
  expect(page).toContain('<div id="root"><p>$& $1 $$ price</p></div><script type="application/json"');
  expect(JSON.parse(dataBlock(page))).toEqual({ ROOT_QUERY: {} });
  expect(page.indexOf('src="/assets/index.js"')).toBeLessThan(page.indexOf(STATE_ELEMENT_ID));
});

test("a template without an empty #root is served as it is", () => {
  const other = "<html><body><div id='app'></div></body></html>";
  expect(embedRenderedPage(other, { html: "<p>x</p>", state: {} })).toBe(other);
});
