import { join } from "node:path";
import { catalogDocuments, readInstacartCatalog } from "../../../eval/search/instacart-catalog";
import { querySpecs } from "../../../eval/search/query-set.generator";
import { evaluateSearch } from "../../../eval/search/search.evaluator";
import { HybridSearchSystem } from "../../../eval/search/systems/hybrid.system";
import { LexicalSearchSystem } from "../../../eval/search/systems/lexical.system";
import { SemanticIndex } from "../../../eval/search/systems/semantic.index";
import { catalogTextPairs } from "../../../ml/text-encoder/catalog-text";
import { idfFeatureWeights } from "../../../ml/text-encoder/feature-weights";
import { TextEncoder } from "../../../ml/text-encoder/text-encoder.model";
import { trainTextEncoder } from "../../../ml/text-encoder/text-encoder.trainer";

const FIXTURE = join(__dirname, "..", "..", "fixtures", "search-eval");

describe("hybrid search system", () => {
  it("fuse lexical and semantic hits by reciprocal rank within k", async () => {
    const catalog = await readInstacartCatalog(FIXTURE);
    const { products, categories } = catalogDocuments(catalog);
    const names = new Map(categories.map((category) => [category._id, category.name]));
    const encoder = TextEncoder.initialize({ buckets: 1 << 12, dims: 16 }, 2);
    encoder.featureWeights = idfFeatureWeights(
      products.map((product) => `${product.name} ${product.categoryPath.map((id) => names.get(id)).join(" ")}`),
      1 << 12,
    );
    trainTextEncoder(encoder, catalogTextPairs(products, names), {
      epochs: 4,
      batchSize: 8,
      temperature: 0.1,
      learningRate: 0.2,
      seed: 1,
    });
    const semantic = new SemanticIndex(encoder, products, categories);
    const lexical = new LexicalSearchSystem(products, categories);
    const hybrid = new HybridSearchSystem("hybrid", lexical.textSearch(), semantic, "Lexical search (BM25)");
    const query = products[0]!.name;
    const semanticIds = semantic.search(query, 3).map((hit) => hit.productId);
    const lexicalIds = await lexical.search(query, 3);
    const fused = await hybrid.search(query, 10);
    // Every list's top hit is in the fusion, and a hit found by both lists comes first.
    expect(fused).toEqual(expect.arrayContaining([semanticIds[0], lexicalIds[0]]));
    const both = fused.filter((id) => semanticIds.includes(id) && lexicalIds.includes(id));
    if (both.length > 0) expect(both).toContain(fused[0]);
    expect((await hybrid.search(query, 2)).length).toBeLessThanOrEqual(2);
    const specs = querySpecs().filter((spec) => ["banana", "chips"].includes(spec.id));
    const report = await evaluateSearch(catalog, specs, [lexical, hybrid], { k: 5 });
    expect(report.results.filter((row) => row.kind === "all").map((row) => row.system)).toEqual([
      "searchCatalog",
      "hybrid",
    ]);
    for (const row of report.results) expect(row.ndcg).toBeGreaterThanOrEqual(0);
  });
});
