using SyncFunctions.Core.Errors;

namespace SyncFunctions.Core.Engine.Validation;

/// <summary>Collects field errors in the order rules run, so output is stable for the same input.</summary>
internal sealed class FieldErrorList
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public void Required(string field, string message) => Add(field, ValidationCodes.Required, message);

    public void Invalid(string field, string message) => Add(field, ValidationCodes.Invalid, message);

    public void Add(string field, string code, string message) => _errors.Add(new FieldError(field, code, message));
}
