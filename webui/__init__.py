"""Streamlit-side helpers shared by the pages: cached loaders and common widgets."""
