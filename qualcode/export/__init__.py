"""Exports: tables computed from a project's store and written for pandas, R and spreadsheets."""
