# The govflow image: one image for the API and the worker (the compose file picks the command).
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
# The keys volume (docker-compose.yml) takes this folder's owner, so the unprivileged user can write its key files.
RUN mkdir -p /keys && chown node:node /keys
# The console the API serves at /console/, built once into the image (the set-up builds it elsewhere).
RUN node scripts/build-console.mjs
USER node
