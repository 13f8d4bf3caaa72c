import { join } from "node:path";
import type { CategoryDocument } from "../../core/documents/category.document";
import type { ProductDocument } from "../../core/documents/product.document";
import type { Vertical } from "../../core/documents/vertical";
import { inferTags } from "../../core/text/tags";
import { verticalCategory } from "../../jobs/seed/catalog.generator";
import { readCsvRows } from "../nbr/csv-rows.reader";

/** One row of products.csv with its aisle and department (ids as in the files). */
export interface InstacartProductRow {
  readonly productId: number;
  readonly name: string;
  readonly aisleId: number;
  readonly departmentId: number;
}

/** The Instacart catalog read from a folder: products, aisle and department names. */
export interface InstacartCatalog {
  readonly products: readonly InstacartProductRow[];
  readonly aisles: ReadonlyMap<number, string>;
  readonly departments: ReadonlyMap<number, string>;
}

/** Files `readInstacartCatalog` needs in the data folder. */
export const INSTACART_CATALOG_FILES = ["products.csv", "aisles.csv", "departments.csv"] as const;

function positiveInteger(text: string, file: string, row: number, field: string): number {
  if (!/^[1-9][0-9]*$/.test(text)) throw new Error(`${file} row ${row}: ${field} "${text}" is not a positive integer`);
  return Number(text);
}

/** Reads products.csv, aisles.csv and departments.csv; throws naming the file, row and field on bad input. */
export async function readInstacartCatalog(folder: string): Promise<InstacartCatalog> {
  const aisles = new Map<number, string>();
  let row = 1;
  for await (const [id, name] of readCsvRows(join(folder, "aisles.csv"), { columns: ["aisle_id", "aisle"] })) {
    row += 1;
    aisles.set(positiveInteger(id!, "aisles.csv", row, "aisle_id"), name!);
  }
  const departments = new Map<number, string>();
  row = 1;
  for await (const [id, name] of readCsvRows(join(folder, "departments.csv"), {
    columns: ["department_id", "department"],
  })) {
    row += 1;
    departments.set(positiveInteger(id!, "departments.csv", row, "department_id"), name!);
  }
  const products: InstacartProductRow[] = [];
  row = 1;
  for await (const [id, name, aisle, department] of readCsvRows(join(folder, "products.csv"), {
    columns: ["product_id", "product_name", "aisle_id", "department_id"],
  })) {
    row += 1;
    const aisleId = positiveInteger(aisle!, "products.csv", row, "aisle_id");
    const departmentId = positiveInteger(department!, "products.csv", row, "department_id");
    if (!aisles.has(aisleId)) throw new Error(`products.csv row ${row}: aisle_id ${aisleId} is not in aisles.csv`);
    if (!departments.has(departmentId))
      throw new Error(`products.csv row ${row}: department_id ${departmentId} is not in departments.csv`);
    products.push({
      productId: positiveInteger(id!, "products.csv", row, "product_id"),
      name: name!.trim().replace(/\s+/g, " "),
      aisleId,
      departmentId,
    });
  }
  return { products, aisles, departments };
}

/** Product id of an Instacart product in the catalog (as the Instacart importer writes it). */
export function instacartProductId(productId: number): string {
  return `p:instacart:${productId}`;
}

function verticalOf(department: string): Vertical {
  return department === "alcohol" ? "ALCOHOL" : "GROCERY";
}

/**
 * Product and category documents as `npm run import -- instacart` writes them (jobs/import/instacart.importer.ts:
 * ids, vertical root → department → aisle path, tags inferred from the name and category names), in memory,
 * without prices or offers (search does not read them).
 */
export function catalogDocuments(
  catalog: InstacartCatalog,
  now = new Date(0),
): { products: ProductDocument[]; categories: CategoryDocument[] } {
  const products = catalog.products.map((row): ProductDocument => {
    const department = catalog.departments.get(row.departmentId)!;
    const aisle = catalog.aisles.get(row.aisleId)!;
    const vertical = verticalOf(department);
    const categoryPath = [
      verticalCategory(vertical)._id,
      `cat:instacart:dept:${row.departmentId}`,
      `cat:instacart:aisle:${row.aisleId}`,
    ];
    return {
      _id: instacartProductId(row.productId),
      name: row.name,
      vertical,
      categoryId: categoryPath[2]!,
      categoryPath,
      price: 0,
      priceEstimated: true,
      currency: "USD",
      tags: inferTags(row.name, { categories: [department, aisle], alcoholVertical: vertical === "ALCOHOL" }),
      source: "instacart",
      createdAt: now,
      updatedAt: now,
    };
  });
  const categories = new Map<string, CategoryDocument>();
  for (const row of catalog.products) {
    const department = catalog.departments.get(row.departmentId)!;
    const vertical = verticalOf(department);
    const root = verticalCategory(vertical);
    const departmentId = `cat:instacart:dept:${row.departmentId}`;
    const aisleId = `cat:instacart:aisle:${row.aisleId}`;
    categories.set(root._id, { ...root, source: "instacart" });
    categories.set(departmentId, {
      _id: departmentId,
      name: department,
      vertical,
      parentId: root._id,
      path: [root._id, departmentId],
      depth: 1,
      source: "instacart",
    });
    categories.set(aisleId, {
      _id: aisleId,
      name: catalog.aisles.get(row.aisleId)!,
      vertical,
      parentId: departmentId,
      path: [root._id, departmentId, aisleId],
      depth: 2,
      source: "instacart",
    });
  }
  return { products, categories: [...categories.values()] };
}
