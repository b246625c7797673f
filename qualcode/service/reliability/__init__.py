"""Inter-coder reliability for the service: selection, computation, reports, sampling and adjudication."""
