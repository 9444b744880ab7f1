"""Use cases: each public function is one transaction boundary over the ledger."""
