"""Recording Progress Towards a Library Ecosystem: the ecosystem's own record of the steps
it took, each tagged with the Ecosystem Continuum strand (and, if it fits, the indicator)
it strengthens."""
