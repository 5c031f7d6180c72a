namespace DeAn06.ServiceDefaults;

/// <summary>Error codes every service uses for the same failures of HTTP and JSON input.</summary>
public static class CommonErrorCode
{
    public const string MalformedJson = "MALFORMED_JSON";
    public const string UnknownField = "UNKNOWN_FIELD";
    public const string BodyTooLarge = "BODY_TOO_LARGE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string RouteNotFound = "ROUTE_NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string InternalError = "INTERNAL_ERROR";
    public const string UpstreamUnavailable = "UPSTREAM_UNAVAILABLE";
    public const string BodyIncomplete = "BODY_INCOMPLETE";
    public const string BodyTimeout = "BODY_TIMEOUT";
    public const string MalformedBody = "MALFORMED_BODY";
    public const string MalformedForm = "MALFORMED_FORM";
    public const string InvalidParameter = "INVALID_PARAMETER";
    public const string BadRequest = "BAD_REQUEST";
    public const string AccessDenied = "ACCESS_DENIED";
    public const string NotReady = "NOT_READY";
}
