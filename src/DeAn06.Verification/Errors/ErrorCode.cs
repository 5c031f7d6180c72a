using DeAn06.ServiceDefaults;

namespace DeAn06.Verification.Errors;

/// <summary>The stable error codes of the verification service.</summary>
public static class ErrorCode
{
    public const string MalformedJson = CommonErrorCode.MalformedJson;
    public const string UnknownField = CommonErrorCode.UnknownField;
    public const string BodyTooLarge = CommonErrorCode.BodyTooLarge;
    public const string UnsupportedMediaType = CommonErrorCode.UnsupportedMediaType;
    public const string RouteNotFound = CommonErrorCode.RouteNotFound;
    public const string MethodNotAllowed = CommonErrorCode.MethodNotAllowed;
    public const string InternalError = CommonErrorCode.InternalError;
    public const string CallerNotTrusted = "CALLER_NOT_TRUSTED";
    public const string CallerHeadersInvalid = "CALLER_HEADERS_INVALID";
    public const string MissingField = "MISSING_FIELD";
    public const string InvalidField = "INVALID_FIELD";
    public const string TooManyRecords = "TOO_MANY_RECORDS";
    public const string UnknownFormat = "UNKNOWN_FORMAT";
    public const string MalformedHeader = "MALFORMED_HEADER";
    public const string EmptyFile = "EMPTY_FILE";
    public const string InvalidEncoding = "INVALID_ENCODING";
    public const string JobNotFound = "JOB_NOT_FOUND";
    public const string JobNotFinished = "JOB_NOT_FINISHED";
    public const string IdempotencyConflict = "IDEMPOTENCY_CONFLICT";
    public const string InvalidQuery = "INVALID_QUERY";

    // A client's faults that surface as exceptions (ServiceDefaults ClientFault): body framing, binding.
    public const string BodyIncomplete = CommonErrorCode.BodyIncomplete;
    public const string BodyTimeout = CommonErrorCode.BodyTimeout;
    public const string MalformedBody = CommonErrorCode.MalformedBody;
    public const string MalformedForm = CommonErrorCode.MalformedForm;
    public const string InvalidParameter = CommonErrorCode.InvalidParameter;
    public const string BadRequest = CommonErrorCode.BadRequest;
}
