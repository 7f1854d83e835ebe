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
/* The web form's built-in templates (render/html.c). */
    .section .rodata
    .global helder_html_form_xsl
    .global helder_html_form_xsl_end
helder_html_form_xsl:
    .incbin "templates/html/form.xsl"
helder_html_form_xsl_end:
    .byte 0
    .global helder_html_style_css
    .global helder_html_style_css_end
helder_html_style_css:
    .incbin "templates/style.css"
helder_html_style_css_end:
    .byte 0
    .global helder_html_script_js
    .global helder_html_script_js_end
helder_html_script_js:
    .incbin "templates/helder.js"
helder_html_script_js_end:
    .byte 0
    .section .note.GNU-stack,"",@progbits
