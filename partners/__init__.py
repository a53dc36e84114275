"""Community partners, their progress logs and the ecosystem's progress record (issue 5)."""
