"""Human-approved plan changes: a request (with justification and risk), a decision by an
operator, and an execution that happens exactly once, with every step audited."""
