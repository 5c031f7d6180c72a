using DeAn06.ServiceDefaults;

namespace DeAn06.PopulationDb.Errors;

/// <summary>
/// The stable error codes of the population-DB simulator. Each problem+json response carries one in
/// its <c>code</c> member; clients branch on the code, never on the message text.
/// </summary>
public static class ErrorCode
{
    public const string InvalidIdFormat = "INVALID_ID_FORMAT";
    public const string MalformedJson = CommonErrorCode.MalformedJson;
    public const string UnknownField = CommonErrorCode.UnknownField;
    public const string MissingField = "MISSING_FIELD";
    public const string InvalidField = "INVALID_FIELD";
    public const string TooManyIds = "TOO_MANY_IDS";
    public const string BodyTooLarge = CommonErrorCode.BodyTooLarge;
    public const string UnsupportedMediaType = CommonErrorCode.UnsupportedMediaType;
    public const string CitizenNotFound = "CITIZEN_NOT_FOUND";
    public const string PopulationLoading = "POPULATION_LOADING";
    public const string Maintenance = "MAINTENANCE";
    public const string Throttled = "THROTTLED";
    public const string InjectedError = "INJECTED_ERROR";
    public const string AdminForbidden = "ADMIN_FORBIDDEN";
    public const string InvalidFaultSettings = "INVALID_FAULT_SETTINGS";
    public const string AdminKeyRequired = "ADMIN_KEY_REQUIRED";
    public const string InvalidFaultRule = "INVALID_FAULT_RULE";
    public const string FaultRuleNotFound = "FAULT_RULE_NOT_FOUND";
    public const string InvalidCitizen = "INVALID_CITIZEN";
    public const string CitizenExists = "CITIZEN_EXISTS";
    public const string InvalidParameterValue = "INVALID_QUERY";
    public const string RouteNotFound = CommonErrorCode.RouteNotFound;
    public const string MethodNotAllowed = CommonErrorCode.MethodNotAllowed;
    public const string InternalError = CommonErrorCode.InternalError;

    // A client's faults that surface as exceptions (ServiceDefaults ClientFault): body framing, binding.
    public const string BodyIncomplete = CommonErrorCode.BodyIncomplete;
    public const string BodyTimeout = CommonErrorCode.BodyTimeout;
    public const string MalformedBody = CommonErrorCode.MalformedBody;
    public const string MalformedForm = CommonErrorCode.MalformedForm;
    public const string InvalidParameter = CommonErrorCode.InvalidParameter;
    public const string BadRequest = CommonErrorCode.BadRequest;
}
