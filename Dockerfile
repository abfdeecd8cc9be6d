# Build: docker build -t incidentbot .
# Run:   docker run -p 5080:5080 -e Api__Token=<a long random secret> -v incidentbot-data:/app/data incidentbot
# It listens on all interfaces, so give it Api__Token: without one anyone who reaches the port can run commands.
# Several replicas on one PostgreSQL behind a balancer: docker-compose.yml (the same image, Storage__Provider=Postgres).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
COPY runbooks/ runbooks/
COPY teams/ teams/
RUN dotnet publish src/IncidentBot -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# The event log lives in /app/data: mount a volume there to keep it. Orchestrators probe /healthz and /readyz.
RUN mkdir -p /app/data && chown app:app /app/data
# ASPNETCORE_URLS (not Urls): `docker run -e ASPNETCORE_URLS=...` then replaces it, as in any ASP.NET Core image.
ENV ASPNETCORE_URLS=http://0.0.0.0:5080 \
    Storage__Sqlite__Path=/app/data/incidentbot.db
EXPOSE 5080
USER app
ENTRYPOINT ["dotnet", "IncidentBot.dll"]
