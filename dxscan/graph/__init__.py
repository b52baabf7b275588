"""The endpoint dependency graph: schema facts (`facts`), identifier slots (`slots`), producer
inference (`infer`), the graph (`build`), its analyses and metrics, and exports.
Import `dxscan.graph.build` for `build_graph`: this package's own import stays light. A scan never
imports networkx (0.07-0.15 s): only the exports and views of `dxscan graph` ask for `Graph.nx`,
and a dependency cycle for its order (`analysis._cycle`)."""
