"""The model: what the graph holds, declared once as data at the bottom of the layers.

Every other part (graph, loaders, queries, sample, app, the docs) reads it; it imports
nothing of theirs (tests/test_layers.py). Each declaration is read and checked as a whole
when its module is imported, and a bad one raises one error naming the file and the key:

- `model.registry`: the 17 registries (model/registries.yaml), their columns, keys and what
  each column feeds;
- `model.schema`: node labels and keys, indexes, and the relationship types with their ends
  (model/relationships.yaml);
- `model.vocab`: vocabularies and tables (sanction periods, discipline kinds, severities,
  hidden properties, label colours);
- `model.text`: the text normalisation the declarations are matched with.
"""
