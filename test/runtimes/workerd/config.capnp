# workerd configuration for the runtime test. The test bundles worker.js (and wasmlp) into
# worker.bundle.js, copies dist/wasmlp.wasm beside it, and overrides the socket address with
# --socket-addr http=127.0.0.1:<port>.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .trainer) ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const trainer :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.bundle.js"),
    (name = "wasmlp.wasm", wasm = embed "wasmlp.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
