# credanchor serve: the verification service (docs/SERVE.md).
#
#   docker build -t credanchor-serve .
#   docker run --rm -p 8080:8080 credanchor-serve --network sepolia --rpc https://your-endpoint.example
#
# Stage 1 builds dist/ (tsc, then esbuild for the ES modules and the bundled CLI) and the verifier page (web/dist, vite)
# with every dependency; stage 2 holds only the production dependencies, dist/ and web/dist, and runs
# as the unprivileged `node` user.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
# The ES module build of the SDK and the CLI's bundle, which `npm run build` runs after tsc
# (test/system/dockerfile.test.ts checks this line names every script the build runs).
COPY scripts/buildEsm.ts scripts/bundleCli.ts ./scripts/
COPY sdk ./sdk
COPY cli ./cli
COPY web ./web
RUN npm run build && npm run build:web

# A local development chain for docker/compose.yaml (hardhat node); not used by the service image.
FROM build AS devchain
COPY hardhat.config.ts ./
COPY contracts ./contracts
COPY scripts ./scripts
# hardhat.config.ts orders test files by their recorded durations (imported at load, so needed here too).
COPY test/helpers/fileDurations.ts test/helpers/fileDurations.seed.jsonl ./test/helpers/
EXPOSE 8545
CMD ["npx", "hardhat", "node", "--hostname", "0.0.0.0", "--port", "8545"]

FROM node:20-slim AS serve
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) lets the service answer the requests in flight before it exits.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/cli/index.js", "serve", "--host", "0.0.0.0", "--port", "8080"]
CMD ["--network", "localhost"]
