package io.gmq.im.logic.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

/**
 * A user, room or group id as the service rule has it (1–64 of letters, digits, '_', '-', '.'; the id columns are 64
 * long): null passes, add {@code @NotNull} where the id is required.
 */
@Documented
@Pattern(regexp = "[A-Za-z0-9_.-]{1,64}")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface ImId {

    String message() default "must be 1-64 of letters, digits, '_', '-', '.'";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
