// ---
// fragment: supplier_chains
// kind: subquery
// inputs: company, suppliers
// outputs: path, supplier
// description: >-
//   持股链通往供应商 — every chain of 1 to 3 corporate shareholdings from `company` (company
//   holds shares of company) that ends at a company of `suppliers`, as a path. It passes only
//   through companies within 2 holdings of a supplier (`supplier_hops`, which the identity step
//   derives after every load from the contracts and the holdings, whatever their dates), so a
//   branch that leads to no supplier is not followed to its end: at province scale about a
//   tenth of the ~10^6 chains a relative's companies start lead to a supplier. The caller
//   keeps only companies with a `supplier_hops` (none within 3 holdings: no chain) and judges
//   the links' dates with `link_holds`.
// ---
MATCH path = (@company) (()-[:SHAREHOLDER_OF]->(n) WHERE n.supplier_hops <= 2){1,3} (c)
WHERE c IN @suppliers
RETURN path AS @path, c AS @supplier
