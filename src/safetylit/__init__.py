"""safetylit: clean, validated, typed data from spreadsheet exports of AI-safety paper lists."""
