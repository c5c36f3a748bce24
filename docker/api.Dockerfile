# The GraphQL API. Build from the repository root:
#   docker build -f docker/api.Dockerfile -t nfc-api .
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY shared/package.json shared/
COPY migrations/package.json migrations/
COPY api/package.json api/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund
COPY shared shared
COPY migrations migrations
COPY api api
RUN npx turbo run build --filter=@nfc/api...

FROM node:22-bookworm-slim
ENV NODE_ENV=production API_HOST=0.0.0.0 API_PORT=4000 MALLOC_ARENA_MAX=2
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY migrations/package.json migrations/
COPY api/package.json api/
COPY web/package.json web/
RUN npm ci --omit=dev --no-audit --no-fund -w @nfc/api -w @nfc/shared -w @nfc/migrations && npm cache clean --force
COPY --from=build /app/shared/dist shared/dist
COPY --from=build /app/migrations/dist migrations/dist
COPY --from=build /app/api/dist api/dist
COPY --from=build /app/api/data api/data
# DATA_DIR in compose: a named volume takes this folder's owner on first use.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:4000/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# Applies pending migrations and the territory seed, then serves (the worker service runs api/dist/worker.js).
CMD ["node", "api/dist/main.js"]
