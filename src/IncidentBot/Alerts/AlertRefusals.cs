using IncidentBot.Hosting;

namespace IncidentBot.Alerts;

/// <summary>Alert deliveries the bot refused (a wrong token, a malformed body), counted and logged.</summary>
public sealed class AlertRefusals(TimeProvider clock, ILogger<AlertRefusals> logger) : RefusalLog(clock, logger, "alert deliveries to /alerts/{0}", "incidentbot_alert_deliveries_refused_total");
