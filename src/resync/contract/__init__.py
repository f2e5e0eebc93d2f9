"""What router and answers agree on: routing results, route context, handler request/reply."""
