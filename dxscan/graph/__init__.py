"""The endpoint dependency graph: schema facts (`facts`), identifier slots (`slots`), producer
inference (`infer`), the networkx graph (`build`), its analyses and metrics, and exports.
Import `dxscan.graph.build` for `build_graph`: this package's own import stays light (the
graph needs networkx, which costs 0.15 s and which half of a split scan never loads)."""
