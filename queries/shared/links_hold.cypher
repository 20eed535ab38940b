// ---
// fragment: links_hold
// kind: expression
// inputs: links, at
// description: >-
//   关联链在某日成立 — every relationship of `links` (the relative's company link and each
//   corporate shareholding of the chain, from `family_business`) holds on `at` (see `link_holds`).
// ---
all(lnk IN @links WHERE {{ link_holds(lnk, @at) }})
