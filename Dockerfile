# One image for every process of the discovery supergraph; the command picks the process
# (deploy/compose.yaml and deploy/k8s/ show each). Validated statically by `npm run check:deploy`;
# see docs/deployment.md for what was and was not run on the development machines.

# Build stage: every dependency (native addons compile here), the TypeScript build and the storefront
# (web/dist, which the gateway serves at /, and web/dist-server, its server renderer of home), then only
# the runtime dependencies are kept.
FROM node:20.20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY core core
COPY gateway gateway
COPY subgraphs subgraphs
COPY plugins plugins
COPY ml ml
COPY eval eval
COPY jobs jobs
COPY bin bin
COPY web web
RUN npm run build && npm run build:web && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: compiled JavaScript, runtime dependencies, the supergraph's schema files. No compiler.
FROM node:20.20-bookworm-slim AS runtime
ENV NODE_ENV=production DATA_DIR=/data SUBGRAPH_HOST=0.0.0.0 SEED_SCALE=none TRAIN_ON_START=off
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/web/dist web/dist
COPY --from=build /app/web/dist-server web/dist-server
COPY supergraph.yaml ./
COPY schema schema
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 4000 4001 4002 4003
CMD ["node", "dist/gateway/index.js"]
