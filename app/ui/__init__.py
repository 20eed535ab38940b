"""The Streamlit pages: one module per page, each a `render()` over the product's functions."""
