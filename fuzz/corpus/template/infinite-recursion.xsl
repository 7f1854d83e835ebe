<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
<xsl:template match="/"><html><xsl:call-template name="r"/></html></xsl:template>
<xsl:template name="r"><x><xsl:call-template name="r"/></x></xsl:template>
</xsl:stylesheet>
