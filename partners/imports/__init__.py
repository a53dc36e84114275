"""Importing partners from a CSV file: read it, check every row, keep the result as a
pending import, and save partners only when the user confirms."""
