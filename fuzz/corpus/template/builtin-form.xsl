<?xml version="1.0" encoding="UTF-8"?>
<!--
  helder's web form: turns the render model (render/rmodel.c, described in docs/html.md) into one
  HTML5 page. Every text comes from the model and is written through value-of or an attribute
  value, so libxslt escapes it; nothing is ever written unescaped, and no designer or applicant
  text goes into a script, a style, an event handler or a URL. Conditions reach the browser script
  as JSON in data-when attributes.

  A designer may replace this file (helder render with the templates option). It runs under the same limits:
  no document function, no xsl:include or xsl:import, no writing files, bounded recursion and operations.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <!-- The page's own words, looked up once. -->
  <xsl:variable name="ui-optional" select="/page/ui[@key = 'optional']"/>
  <xsl:variable name="ui-error-prefix" select="/page/ui[@key = 'error-prefix']"/>
  <xsl:variable name="ui-select" select="/page/ui[@key = 'select']"/>
  <xsl:variable name="ui-remove" select="/page/ui[@key = 'remove']"/>
  <xsl:variable name="ui-add-another" select="/page/ui[@key = 'add-another']"/>

  <!-- A word of helder's own; marked with its language when helder has none in the page's. -->
  <xsl:template name="ui">
    <xsl:param name="key"/>
    <xsl:apply-templates select="/page/ui[@key = $key]" mode="ui"/>
  </xsl:template>

  <xsl:template match="ui" mode="ui">
    <xsl:choose>
      <xsl:when test="@lang"><span lang="{@lang}"><xsl:value-of select="."/></span></xsl:when>
      <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ page -->
  <xsl:template match="/page">
    <html lang="{@lang}" dir="{@dir}" class="no-js">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta http-equiv="Content-Security-Policy" content="{@csp}"/>
        <meta name="referrer" content="no-referrer"/>
        <title>
          <xsl:if test="errors">
            <xsl:value-of select="$ui-error-prefix"/>
            <xsl:text> </xsl:text>
          </xsl:if>
          <xsl:value-of select="title"/>
        </title>
        <xsl:choose>
          <xsl:when test="inline-css">
            <style><xsl:value-of select="inline-css"/></style>
          </xsl:when>
          <xsl:otherwise>
            <link rel="stylesheet" href="{@css}"/>
            <xsl:if test="@custom-css">
              <link rel="stylesheet" href="{@custom-css}"/>
            </xsl:if>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:choose>
          <xsl:when test="inline-js">
            <script><xsl:value-of select="inline-js"/></script>
          </xsl:when>
          <xsl:otherwise>
            <script src="{@js}" defer="defer"></script>
          </xsl:otherwise>
        </xsl:choose>
      </head>
      <body>
        <a class="skip-link" href="#main">
          <xsl:call-template name="ui"><xsl:with-param name="key" select="'skip'"/></xsl:call-template>
        </a>
        <header class="masthead">
          <p class="masthead-form">
            <xsl:call-template name="ui"><xsl:with-param name="key" select="'form-version'"/></xsl:call-template>
          </p>
        </header>
        <main id="main" class="page">
          <xsl:apply-templates select="errors"/>
          <h1 class="page-title"><xsl:value-of select="title"/></h1>
          <xsl:if test="intro">
            <p class="intro"><xsl:value-of select="intro"/></p>
          </xsl:if>
          <p class="routing-help">
            <xsl:call-template name="ui"><xsl:with-param name="key" select="'noscript'"/></xsl:call-template>
          </p>
          <form class="form" method="post" novalidate="novalidate" accept-charset="UTF-8"
                data-computed="{@computed}">
            <xsl:if test="@action != ''">
              <xsl:attribute name="action"><xsl:value-of select="@action"/></xsl:attribute>
            </xsl:if>
            <xsl:if test="@today">
              <xsl:attribute name="data-today"><xsl:value-of select="@today"/></xsl:attribute>
            </xsl:if>
            <xsl:if test=".//question[@type = 'file']">
              <xsl:attribute name="enctype">multipart/form-data</xsl:attribute>
            </xsl:if>
            <xsl:apply-templates select="section | documents"/>
            <div class="actions">
              <button type="submit" class="button">
                <xsl:call-template name="ui"><xsl:with-param name="key" select="'submit'"/></xsl:call-template>
              </button>
            </div>
          </form>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- ================================================================ error summary -->
  <xsl:template match="errors">
    <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title"
         data-error-summary="">
      <h2 id="error-summary-title" class="error-summary-title">
        <xsl:call-template name="ui"><xsl:with-param name="key" select="'error-title'"/></xsl:call-template>
      </h2>
      <ul class="error-summary-list">
        <xsl:for-each select="error">
          <li>
            <xsl:choose>
              <xsl:when test="@href">
                <a href="{@href}">
                  <xsl:if test="@label">
                    <span class="error-summary-question">
                      <xsl:if test="@num"><xsl:value-of select="@num"/>. </xsl:if>
                      <xsl:value-of select="@label"/>
                    </span>
                    <xsl:text> </xsl:text>
                  </xsl:if>
                  <xsl:value-of select="."/>
                </a>
              </xsl:when>
              <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
            </xsl:choose>
          </li>
        </xsl:for-each>
      </ul>
    </div>
  </xsl:template>

  <!-- ================================================================ routing -->
  <xsl:template name="only-if">
    <xsl:param name="id"/>
    <xsl:if test="only-if">
      <p class="only-if" id="{$id}-only-if"><xsl:value-of select="only-if"/></p>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ sections -->
  <xsl:template match="section">
    <section class="part" id="s-{@id}" aria-labelledby="h-{@id}">
      <xsl:copy-of select="@data-when"/>
      <h2 class="part-title" id="h-{@id}"><xsl:value-of select="title"/></h2>
      <xsl:if test="hint"><p class="part-hint"><xsl:value-of select="hint"/></p></xsl:if>
      <xsl:call-template name="only-if"><xsl:with-param name="id" select="concat('s-', @id)"/></xsl:call-template>
      <xsl:apply-templates select="question | note | repeat"/>
    </section>
  </xsl:template>

  <xsl:template match="note">
    <div class="note" data-note="{@id}">
      <xsl:copy-of select="@data-when"/>
      <p><xsl:value-of select="text"/></p>
      <xsl:if test="only-if"><p class="only-if"><xsl:value-of select="only-if"/></p></xsl:if>
    </div>
  </xsl:template>

  <!-- ================================================================ questions -->
  <!-- The model gives each field's attributes ready made (box: the container, control: the input,
       group: the fieldset of choices, option/input: one choice); see docs/html.md. -->
  <xsl:template name="question-texts">
    <xsl:if test="hint">
      <p class="hint" id="{@field}-hint"><xsl:value-of select="hint"/></p>
    </xsl:if>
    <xsl:if test="only-if">
      <p class="only-if" id="{@field}-only-if"><xsl:value-of select="only-if"/></p>
    </xsl:if>
    <xsl:if test="error">
      <p class="error-message" id="{@field}-error">
        <span class="visually-hidden"><xsl:apply-templates select="$ui-error-prefix" mode="ui"/><xsl:text> </xsl:text></span>
        <xsl:value-of select="error"/>
      </p>
    </xsl:if>
  </xsl:template>

  <xsl:template name="label-text">
    <span class="number"><xsl:value-of select="@num"/>.</span>
    <xsl:text> </xsl:text>
    <span class="label-text"><xsl:value-of select="label"/></span>
    <xsl:if test="not(@required)">
      <xsl:text> </xsl:text>
      <span class="optional"><xsl:apply-templates select="$ui-optional" mode="ui"/></span>
    </xsl:if>
  </xsl:template>

  <xsl:template match="question[@control = 'hidden']">
    <div><xsl:copy-of select="box/@*"/></div>
  </xsl:template>

  <xsl:template match="question">
    <div>
      <xsl:copy-of select="box/@*"/>
      <xsl:choose>
        <xsl:when test="group">
          <fieldset>
            <xsl:copy-of select="group/@*"/>
            <legend class="label"><xsl:call-template name="label-text"/></legend>
            <xsl:call-template name="question-texts"/>
            <div class="choices">
              <xsl:for-each select="option">
                <div class="choice" data-option="{@value}">
                  <xsl:copy-of select="@data-when"/>
                  <input><xsl:copy-of select="input/@*"/></input>
                  <label class="choice-label" for="{@field}"><xsl:value-of select="label"/></label>
                  <xsl:if test="only-if">
                    <p class="only-if choice-only-if" id="{@field}-only-if"><xsl:value-of select="only-if"/></p>
                  </xsl:if>
                </div>
              </xsl:for-each>
            </div>
          </fieldset>
        </xsl:when>
        <xsl:otherwise>
          <label class="label" for="{@field}"><xsl:call-template name="label-text"/></label>
          <xsl:call-template name="question-texts"/>
          <xsl:choose>
            <xsl:when test="@control = 'input'">
              <input><xsl:copy-of select="control/@*"/></input>
            </xsl:when>
            <xsl:when test="@control = 'textarea'">
              <textarea rows="5"><xsl:copy-of select="control/@*"/><xsl:value-of select="value"/></textarea>
            </xsl:when>
            <xsl:when test="@control = 'select'">
              <select>
                <xsl:copy-of select="control/@*"/>
                <option value=""><xsl:copy-of select="$ui-select/@lang"/><xsl:value-of select="$ui-select"/></option>
                <xsl:for-each select="option">
                  <option value="{@value}">
                    <xsl:copy-of select="@data-when"/>
                    <xsl:if test="@checked"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                    <xsl:value-of select="label"/>
                  </option>
                </xsl:for-each>
              </select>
            </xsl:when>
            <xsl:otherwise>
              <select>
                <xsl:copy-of select="control/@*"/>
                <option value=""><xsl:copy-of select="$ui-select/@lang"/><xsl:value-of select="$ui-select"/></option>
                <xsl:for-each select="country">
                  <option value="{@code}">
                    <xsl:if test="@selected"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                    <xsl:value-of select="."/>
                  </option>
                </xsl:for-each>
              </select>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <!-- ================================================================ repeats -->
  <xsl:template match="repeat">
    <div class="repeat" id="{@field}" role="group" aria-labelledby="h-{@field}"
         data-repeat="{@id}" data-min="{@min}" data-max="{@max}">
      <xsl:copy-of select="@data-when"/>
      <xsl:if test="error"><xsl:attribute name="class">repeat has-error</xsl:attribute></xsl:if>
      <h3 class="repeat-title" id="h-{@field}"><xsl:value-of select="title"/></h3>
      <xsl:if test="hint"><p class="hint"><xsl:value-of select="hint"/></p></xsl:if>
      <xsl:call-template name="only-if"><xsl:with-param name="id" select="@field"/></xsl:call-template>
      <xsl:if test="error">
        <p class="error-message" id="{@field}-error">
          <span class="visually-hidden">
            <xsl:call-template name="ui"><xsl:with-param name="key" select="'error-prefix'"/></xsl:call-template>
            <xsl:text> </xsl:text>
          </span>
          <xsl:value-of select="error"/>
        </p>
      </xsl:if>
      <div class="items" data-items="">
        <xsl:apply-templates select="item"/>
      </div>
      <template data-item-template="">
        <xsl:apply-templates select="template"/>
      </template>
      <button type="button" class="button button-secondary" data-add="" hidden="hidden">
        <xsl:apply-templates select="$ui-add-another" mode="ui"/>
      </button>
    </div>
  </xsl:template>

  <xsl:template match="item | template">
    <fieldset class="item" data-item="{@n}">
      <xsl:if test="@spare"><xsl:attribute name="data-spare"></xsl:attribute></xsl:if>
      <legend class="item-title"><xsl:value-of select="@caption"/></legend>
      <xsl:apply-templates select="question | note"/>
      <button type="button" class="button button-secondary button-remove" data-remove="" hidden="hidden">
        <xsl:apply-templates select="$ui-remove" mode="ui"/>
        <span class="visually-hidden"><xsl:text> </xsl:text><xsl:value-of select="@caption"/></span>
      </button>
    </fieldset>
  </xsl:template>

  <!-- ================================================================ documents -->
  <xsl:template match="documents">
    <section class="part documents" id="s-documents" aria-labelledby="h-documents">
      <h2 class="part-title" id="h-documents"><xsl:value-of select="title"/></h2>
      <p class="part-hint"><xsl:value-of select="hint"/></p>
      <ul class="document-list">
        <xsl:for-each select="document">
          <li class="document" data-document="{@id}">
            <xsl:copy-of select="@data-when"/>
            <span class="document-label"><xsl:value-of select="label"/></span>
            <xsl:if test="hint"><span class="document-hint"><xsl:value-of select="hint"/></span></xsl:if>
            <xsl:if test="only-if"><span class="only-if"><xsl:value-of select="only-if"/></span></xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>
</xsl:stylesheet>
