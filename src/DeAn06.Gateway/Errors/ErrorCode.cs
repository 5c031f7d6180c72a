using DeAn06.ServiceDefaults;

namespace DeAn06.Gateway.Errors;

/// <summary>The gateway's stable error codes.</summary>
internal static class ErrorCode
{
    public const string RouteNotFound = CommonErrorCode.RouteNotFound;
    public const string TokenMissing = "TOKEN_MISSING";
    public const string TokenInvalid = "TOKEN_INVALID";
    public const string InvalidClient = "INVALID_CLIENT";
    public const string UnsupportedGrantType = "UNSUPPORTED_GRANT_TYPE";
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string AccessDenied = "ACCESS_DENIED";
    public const string RateLimited = "RATE_LIMITED";
    public const string Overloaded = "OVERLOADED";
    public const string SignatureMissing = "SIGNATURE_MISSING";
    public const string QuotaExceeded = "QUOTA_EXCEEDED";
    public const string SignatureInvalid = "SIGNATURE_INVALID";
    public const string BodyTooLarge = CommonErrorCode.BodyTooLarge;
    public const string TooManyFailedSignIns = "TOO_MANY_FAILED_SIGN_INS";
    public const string CrossSiteRequest = "CROSS_SITE_REQUEST";
    public const string MessageLogUnavailable = "MESSAGE_LOG_UNAVAILABLE";
    public const string UpgradeNotSupported = "UPGRADE_NOT_SUPPORTED";

    // A client's faults that surface as exceptions (ServiceDefaults ClientFault): body framing, binding.
    public const string BodyIncomplete = CommonErrorCode.BodyIncomplete;
    public const string BodyTimeout = CommonErrorCode.BodyTimeout;
    public const string MalformedBody = CommonErrorCode.MalformedBody;
    public const string MalformedForm = CommonErrorCode.MalformedForm;
    public const string InvalidParameter = CommonErrorCode.InvalidParameter;
    public const string BadRequest = CommonErrorCode.BadRequest;
    public const string UpstreamUnavailable = CommonErrorCode.UpstreamUnavailable;
}
