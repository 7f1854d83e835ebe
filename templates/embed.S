/* The RELAX NG schemas, compiled into the library (see model/schema data in validate/schema.c). */
    .section .rodata
    .global helder_schema_form
    .global helder_schema_form_end
helder_schema_form:
    .incbin "templates/form.rng"
helder_schema_form_end:
    .byte 0
    .global helder_schema_facts
    .global helder_schema_facts_end
helder_schema_facts:
    .incbin "templates/facts.rng"
helder_schema_facts_end:
    .byte 0
    .global helder_schema_submission
    .global helder_schema_submission_end
helder_schema_submission:
    .incbin "templates/submission.rng"
helder_schema_submission_end:
    .byte 0
    .section .note.GNU-stack,"",@progbits
